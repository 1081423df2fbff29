# A DaemonSet runs one pod per node its template fits: the control plane's NoSchedule taint keeps
# it to the workers unless tolerated; each pod is pinned by a metadata.name node affinity and
# placed by the scheduler; an image change replaces the pods one node at a time.
kubectl apply -f - <<'YAML'
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: logger
  labels:
    app: logger
spec:
  selector:
    matchLabels:
      app: logger
  template:
    metadata:
      labels:
        app: logger
    spec:
      containers:
      - name: logger
        image: busybox:1.36
        command: ['sh', '-c', 'while true; do echo tick; sleep 30; done']
YAML
kubectl get ds
sleep 10s
kubectl get ds -o wide
kubectl get pods -o wide
kubectl describe ds logger
kubectl get pod -l app=logger -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0]}{" "}{.metadata.labels.pod-template-generation}{"\n"}{end}'
kubectl get pod -l app=logger -o jsonpath='{.items[0].spec.tolerations}{"\n"}'
kubectl get controllerrevisions
kubectl set image ds/logger logger=busybox:1.37
sleep 20s
kubectl get pods -o wide
kubectl get ds
kubectl rollout status ds/logger
kubectl get ds logger -o jsonpath='{.metadata.annotations}{"\n"}'
kubectl get controllerrevisions
kubectl rollout history ds/logger
kubectl rollout undo ds/logger
sleep 70s
kubectl rollout history ds/logger
kubectl get ds logger -o wide
# Tolerating the control plane's taint, on nodes with a label only.
kubectl apply -f - <<'YAML'
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: everywhere
spec:
  selector:
    matchLabels:
      app: everywhere
  template:
    metadata:
      labels:
        app: everywhere
    spec:
      tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      containers:
      - name: pause
        image: registry.k8s.io/pause:3.10
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: picky
spec:
  selector:
    matchLabels:
      app: picky
  template:
    metadata:
      labels:
        app: picky
    spec:
      nodeSelector:
        disk: ssd
      containers:
      - name: pause
        image: registry.k8s.io/pause:3.10
YAML
sleep 5s
kubectl get ds
kubectl label node kind-worker2 disk=ssd
sleep 5s
kubectl get ds picky
kubectl get pods -l 'app in (everywhere,picky)' -o wide
kubectl label node kind-worker2 disk-
sleep 5s
kubectl get ds picky
kubectl delete ds everywhere
kubectl get pods -l app=everywhere
kubectl get all
