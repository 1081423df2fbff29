# v1 Endpoints (deprecated in v1.33, still served and kept by the endpoints controller): one per
# selector Service, ready and not-ready addresses by port, the apiserver's own `kubernetes`
# Endpoints, and the deprecation warning every request for them carries.
kubectl get endpoints
kubectl describe endpoints kubernetes
kubectl apply -f - <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - name: http
          containerPort: 80
        - name: https
          containerPort: 443
        readinessProbe:
          httpGet:
            path: /
            port: 80
          periodSeconds: 5
---
apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    app: web
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: http
  - name: https
    port: 443
    targetPort: https
---
apiVersion: v1
kind: Service
metadata:
  name: nobody
spec:
  selector:
    app: nobody
  ports:
  - port: 80
YAML
kubectl get ep web nobody
sleep 20s
kubectl get ep
kubectl get ep web -o yaml
kubectl describe ep web
kubectl describe svc web
kubectl describe endpointslices -l kubernetes.io/service-name=web
# A pod whose readiness probe fails moves to notReadyAddresses.
kubectl exec deploy/web -- rm /usr/share/nginx/html/index.html
sleep 20s
kubectl get ep web
kubectl describe ep web
kubectl scale deploy web --replicas=0
sleep 40s
kubectl get ep web
kubectl delete svc web
kubectl get ep web
