# The seed's sleep Deployment resolving a Service and the per-pod names of a headless Service.
kubectl apply -f - <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: sleep
spec:
  selector:
    matchLabels:
      app: sleep
  template:
    metadata:
      labels:
        app: sleep
    spec:
      containers:
        - name: sleep
          image: kiamol/ch03-sleep
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web-headless
spec:
  clusterIP: None
  selector:
    app: web
  ports:
  - port: 80
---
apiVersion: v1
kind: Pod
metadata:
  name: web-0
  labels:
    app: web
spec:
  hostname: web-0
  subdomain: web-headless
  containers:
  - name: nginx
    image: nginx:1.27
YAML
kubectl rollout status deploy/sleep
kubectl wait --for=condition=Ready pod/web-0
kubectl get pods -o wide
kubectl get svc
kubectl get endpointslices
kubectl exec deploy/sleep -- nslookup web
kubectl exec deploy/sleep -- sh -c 'nslookup web-headless | grep "^[^*]"'
kubectl exec deploy/sleep -- nslookup web-0.web-headless.default.svc.cluster.local
# busybox's own resolver (busybox > 1.28) applies the search path only to names without a dot:
kubectl exec deploy/sleep -- nslookup web-0.web-headless
kubectl exec deploy/sleep -- sh -c 'wget -qO- http://web/ | head -4'
kubectl exec deploy/sleep -- nslookup missing
