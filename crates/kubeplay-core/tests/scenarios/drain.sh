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
# A pod that outlives --timeout with --disable-eviction: deletePods' own timeout, a plain error.
# Evicting it again with a shorter --grace-period shortens its pending deletion (the kubelet
# stops it again: Killing x2); a pod held by a finalizer past its deletionTimestamp is waited
# for only --skip-wait-for-delete-timeout seconds, then left out of the next drain.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: slow
  labels: {drain: me}
spec:
  nodeName: kind-worker
  terminationGracePeriodSeconds: 120
  containers:
    - name: app
      image: busybox
      command: ["sleep", "1d"]
---
apiVersion: v1
kind: Pod
metadata:
  name: held
  labels: {drain: me}
  finalizers: ["example.com/hold"]
spec:
  nodeName: kind-worker
  terminationGracePeriodSeconds: 1
  containers:
    - name: app
      image: busybox
      command: ["sleep", "1d"]
YAML
kubectl wait --for=condition=Ready pod/slow pod/held --timeout=1m
kubectl drain kind-worker --force --disable-eviction --pod-selector=drain=me --timeout=2s
kubectl get pods -l drain=me -o custom-columns=NAME:.metadata.name,DELETION:.metadata.deletionTimestamp,GRACE:.metadata.deletionGracePeriodSeconds
kubectl drain kind-worker --force --pod-selector=drain=me --grace-period=5 --skip-wait-for-delete-timeout=2
kubectl get events --field-selector involvedObject.name=slow,reason=Killing
kubectl drain kind-worker --force --pod-selector=drain=me --skip-wait-for-delete-timeout=2
kubectl patch pod held --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]'
kubectl uncordon kind-worker
sleep 10
# The kubelet reports each cordon and uncordon at its next node status sync.
kubectl get events --field-selector involvedObject.kind=Node
kubectl drain --pod-selector='a in (' kind-worker2
kubectl drain
kubectl drain kind-worker -l a=b
