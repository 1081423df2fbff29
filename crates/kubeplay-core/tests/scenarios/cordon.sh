# kubectl cordon/uncordon: spec.unschedulable, the node lifecycle controller's
# node.kubernetes.io/unschedulable:NoSchedule taint, SchedulingDisabled, the scheduler's
# NodeUnschedulable filter (a pod tolerating the taint still lands), pods already running stay;
# the kubelet's NodeNotSchedulable/NodeSchedulable Events.
kubectl create deployment web --image=nginx:1.27 --replicas=2
kubectl rollout status deployment/web --timeout=2m
kubectl cordon kind-worker
kubectl cordon kind-worker
kubectl get nodes
kubectl get node kind-worker -o jsonpath='{.spec}{"\n"}'
kubectl describe node kind-worker | grep -A1 -E '^(Taints|Unschedulable)'
kubectl scale deployment web --replicas=4
kubectl rollout status deployment/web --timeout=2m
kubectl get pods -o wide
kubectl cordon kind-worker2
kubectl run stuck --image=busybox --restart=Never -- sleep 1d
sleep 2
kubectl get pod stuck
kubectl get events --field-selector involvedObject.name=stuck
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: tolerant
spec:
  tolerations:
    - key: node.kubernetes.io/unschedulable
      operator: Exists
      effect: NoSchedule
  containers:
    - name: app
      image: busybox
      command: ["sleep", "1d"]
YAML
kubectl wait --for=condition=Ready pod/tolerant --timeout=1m
kubectl get pod tolerant -o wide
kubectl uncordon kind-worker kind-worker2 --dry-run=client
kubectl get nodes
kubectl uncordon -l kubernetes.io/hostname=kind-worker2
kubectl wait --for=condition=Ready pod/stuck --timeout=1m
kubectl get pod stuck -o wide
kubectl uncordon kind-worker
kubectl uncordon kind-worker
kubectl get node kind-worker -o jsonpath='{.spec}{"\n"}'
kubectl get nodes
# The kubelet reports each change of spec.unschedulable at its next node status sync (every 10 s).
sleep 10
kubectl get events --field-selector involvedObject.kind=Node
kubectl describe node kind-worker2 | grep -A5 ^Events
kubectl cordon
kubectl cordon kind-worker -l a=b
kubectl cordon nope
