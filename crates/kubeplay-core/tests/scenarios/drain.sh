# kubectl drain: cordon, refusals for DaemonSet pods, a pod without a controller and an emptyDir
# pod (all named, one line per reason), then with the flags that allow them: the warnings,
# `evicting pod`, each pod's DisruptionTarget (EvictionByEvictionAPI) and graceful deletion
# waited for, replacements scheduled elsewhere; --pod-selector, --dry-run, --grace-period,
# --timeout, --disable-eviction; a Job whose podFailurePolicy Ignores DisruptionTarget replaces its drained
# pod without counting a failure. kubeplay serves no PodDisruptionBudgets.
kubectl cordon kind-worker2
kubectl create deployment web --image=nginx:1.27 --replicas=2
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: bare
spec:
  containers:
    - name: app
      image: busybox
      command: ["sleep", "1d"]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cache
spec:
  replicas: 1
  selector:
    matchLabels: {app: cache}
  template:
    metadata:
      labels: {app: cache}
    spec:
      containers:
        - name: redis
          image: redis:7
          volumeMounts:
            - {name: scratch, mountPath: /data}
      volumes:
        - name: scratch
          emptyDir: {}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: batch
spec:
  backoffLimit: 0
  podFailurePolicy:
    rules:
      - action: Ignore
        onPodConditions:
          - type: DisruptionTarget
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: work
          image: busybox
          command: ["sleep", "600"]
YAML
kubectl wait --for=condition=Ready pods --all --timeout=1m
kubectl uncordon kind-worker2
kubectl get pods -o wide
kubectl drain kind-worker
kubectl drain kind-worker --ignore-daemonsets
kubectl drain kind-worker --ignore-daemonsets --force
kubectl drain kind-worker --ignore-daemonsets --force --delete-emptydir-data --dry-run=client
kubectl drain kind-worker --ignore-daemonsets --force --delete-emptydir-data --dry-run=server
kubectl drain kind-worker --ignore-daemonsets --pod-selector=app=web
kubectl get pods -o wide
kubectl drain kind-worker --ignore-daemonsets --force --delete-emptydir-data --grace-period=10 --timeout=3s
kubectl get pods -o wide
kubectl get pod -l job-name=batch -o jsonpath='{range .items[*]}{.metadata.name} {.status.conditions[?(@.type=="DisruptionTarget")]}{"\n"}{end}'
kubectl drain kind-worker --ignore-daemonsets --force --delete-emptydir-data
sleep 12
kubectl get pods -o wide
kubectl get job batch
kubectl describe job batch | grep -E '^Pods Statuses'
kubectl get events --field-selector involvedObject.kind=Job
kubectl uncordon kind-worker
kubectl drain kind-worker2 --ignore-daemonsets --disable-eviction --pod-selector=app=web
kubectl get nodes
kubectl drain --pod-selector='a in (' kind-worker2
kubectl drain
kubectl drain kind-worker -l a=b
