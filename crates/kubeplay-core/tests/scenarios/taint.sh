# kubectl taint: adding (new taints first, the node's own after them), --overwrite, removing by
# key:effect and by key, the argument errors; a NoExecute taint evicts the pods that do not
# tolerate it (DisruptionTarget set first, TaintManagerEviction), one with tolerationSeconds
# stays that long, one that tolerates it for ever stays, DaemonSet pods tolerate everything;
# removing the taint cancels the deletion still waiting; a pod already being deleted is marked
# too (the controller does not look at deletionTimestamp); several errors print one a line.
kubectl create deployment web --image=nginx:1.27 --replicas=2
kubectl rollout status deployment/web --timeout=2m
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: patient
spec:
  nodeName: kind-worker
  tolerations:
    - key: maintenance
      operator: Exists
      effect: NoExecute
      tolerationSeconds: 30
  containers:
    - name: app
      image: busybox
      command: ["sleep", "1d"]
---
apiVersion: v1
kind: Pod
metadata:
  name: slow
spec:
  nodeName: kind-worker
  tolerations:
    - key: maintenance
      operator: Exists
      effect: NoExecute
      tolerationSeconds: 600
  containers:
    - name: app
      image: busybox
      command: ["sleep", "1d"]
---
apiVersion: v1
kind: Pod
metadata:
  name: stubborn
spec:
  nodeName: kind-worker
  tolerations:
    - key: maintenance
      operator: Equal
      value: "yes"
  containers:
    - name: app
      image: busybox
      command: ["sleep", "1d"]
YAML
kubectl wait --for=condition=Ready pod/patient pod/slow pod/stubborn --timeout=1m
kubectl get pods -o wide
kubectl taint nodes kind-worker dedicated=gpu:NoSchedule
kubectl taint nodes kind-worker dedicated=cpu:NoSchedule
kubectl taint nodes kind-worker dedicated=cpu:NoSchedule --overwrite
kubectl taint nodes kind-control-plane dedicated=gpu:PreferNoSchedule
kubectl get node kind-control-plane -o jsonpath='{.spec.taints}{"\n"}'
kubectl describe node kind-control-plane | grep -A2 ^Taints
kubectl taint nodes kind-control-plane dedicated-
kubectl taint nodes kind-worker dedicated:NoSchedule-
kubectl taint nodes kind-worker dedicated:NoSchedule-
kubectl taint nodes kind-worker a- b:NoSchedule-
kubectl taint nodes kind-worker kind-worker2 a-
kubectl taint nodes kind-worker
kubectl taint nodes kind-worker dedicated=gpu
kubectl taint nodes kind-worker dedicated=gpu:Sometimes
kubectl taint nodes kind-worker a=b:NoSchedule a-
kubectl taint pods web dedicated=gpu:NoSchedule
kubectl taint nodes dedicated=gpu:NoSchedule
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: leaving
spec:
  nodeName: kind-worker
  terminationGracePeriodSeconds: 60
  containers:
    - name: app
      image: busybox
      command: ["sleep", "1d"]
YAML
kubectl wait --for=condition=Ready pod/leaving --timeout=1m
kubectl delete pod leaving --wait=false
kubectl taint nodes kind-worker maintenance=yes:NoExecute
kubectl get pod leaving -o jsonpath='{.metadata.deletionGracePeriodSeconds} {.status.conditions[?(@.type=="DisruptionTarget")].reason}{"\n"}'
kubectl get pods -o wide
kubectl get events --field-selector reason=TaintManagerEviction
kubectl get pods -n kube-system -o wide --field-selector spec.nodeName=kind-worker
sleep 31
kubectl get pods -o wide
kubectl get events --field-selector involvedObject.name=patient,reason=TaintManagerEviction
kubectl get pod patient -o jsonpath='{.status.conditions[?(@.type=="DisruptionTarget")]}{"\n"}'
kubectl taint nodes kind-worker maintenance-
kubectl get events --field-selector involvedObject.name=slow
kubectl get pods -o wide
# A pod deleted while its eviction waits: the controller cancels the work and says so (the
# Event's reference has no uid: the pod is gone).
kubectl taint nodes kind-worker maintenance=yes:NoExecute
kubectl delete pod slow
kubectl get events --field-selector involvedObject.name=slow,reason=TaintManagerEviction
kubectl taint nodes kind-worker maintenance-
kubectl get nodes kind-worker -o jsonpath='{.spec}{"\n"}'
