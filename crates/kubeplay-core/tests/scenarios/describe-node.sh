# kubectl describe node: the control plane (tainted NoSchedule), a worker running pods with requests
# and limits (init containers count by the max rule, a limit alone defaults the request), a
# completed pod the describer leaves out, and every node at once.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Namespace
metadata:
  name: team
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  nodeName: kind-worker
  initContainers:
    - name: migrate
      image: busybox
      command: ["true"]
      resources:
        requests: {cpu: "1", memory: 32Mi}
  containers:
    - name: app
      image: nginx:1.27
      resources:
        requests: {cpu: 250m, memory: 64Mi}
        limits: {cpu: 500m, memory: 128Mi}
    - name: sidecar
      image: busybox
      command: ["sleep", "3600"]
      resources:
        limits: {cpu: 100m, memory: 0.5Gi}
---
apiVersion: v1
kind: Pod
metadata:
  name: done
spec:
  nodeName: kind-worker
  restartPolicy: Never
  containers:
    - name: once
      image: busybox
      command: ["true"]
      resources:
        requests: {cpu: "2", memory: 1Gi}
---
apiVersion: v1
kind: Pod
metadata:
  name: cache
  namespace: team
spec:
  nodeName: kind-worker
  containers:
    - name: redis
      image: redis:7
      resources:
        requests: {cpu: 100m, memory: 100M}
YAML
kubectl wait --for=condition=Ready pod/web --timeout=2m
kubectl wait --for=jsonpath='{.status.phase}'=Succeeded pod/done --timeout=2m
kubectl get pods -A -o wide
kubectl describe node kind-worker
kubectl describe node kind-control-plane
kubectl describe nodes
