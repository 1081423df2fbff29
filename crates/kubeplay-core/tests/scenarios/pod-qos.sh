# The QoS class the apiserver gives a pod on create: BestEffort without requests or limits,
# Guaranteed when every container limits cpu and memory (requests default to the limits) and
# requests equal limits, Burstable otherwise; init containers count too.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: best-effort
spec:
  containers:
  - name: app
    image: busybox
    command: ['sleep', '1d']
---
apiVersion: v1
kind: Pod
metadata:
  name: guaranteed
spec:
  containers:
  - name: app
    image: busybox
    command: ['sleep', '1d']
    resources:
      limits:
        cpu: 250m
        memory: 64Mi
---
apiVersion: v1
kind: Pod
metadata:
  name: burstable
spec:
  containers:
  - name: app
    image: busybox
    command: ['sleep', '1d']
    resources:
      requests:
        cpu: 100m
      limits:
        cpu: 250m
        memory: 64Mi
---
apiVersion: v1
kind: Pod
metadata:
  name: init-without-limits
spec:
  initContainers:
  - name: setup
    image: busybox
    command: ['true']
  containers:
  - name: app
    image: busybox
    command: ['sleep', '1d']
    resources:
      limits:
        cpu: "1"
        memory: 1Gi
YAML
kubectl get pods -o custom-columns=NAME:.metadata.name,QOS:.status.qosClass,REQUESTS:.spec.containers[0].resources.requests
kubectl describe pod guaranteed | grep -E '^QoS Class'
