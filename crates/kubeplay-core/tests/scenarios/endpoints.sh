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
# The prober's requests are in nginx's access log, from the node's end of the pod network.
kubectl logs deploy/web --tail=2
kubectl scale deploy web --replicas=0
sleep 40s
kubectl get ep web
kubectl delete svc web
kubectl get ep web
# A Service without a selector gets no Endpoints from the controller: the user writes them, and the
# mirroring controller copies them into an EndpointSlice, which is what traffic follows.
kubectl run db --image=nginx:1.27 --port=80
sleep 10s
kubectl get pod db -o wide
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: external-db
spec:
  ports:
  - name: web
    port: 8080
    targetPort: 80
---
apiVersion: v1
kind: Endpoints
metadata:
  name: external-db
  labels:
    team: data
subsets:
- addresses:
  - ip: 10.244.1.3
  ports:
  - name: web
    port: 80
YAML
kubectl get ep,endpointslices -l team=data
kubectl describe svc external-db
kubectl run client --image=busybox:1.36 --restart=Never --rm -i -- wget -qO- http://external-db:8080
kubectl delete ep external-db
kubectl get endpointslices
# Hand-written Endpoints are validated as the apiserver does.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Endpoints
metadata:
  name: bad
subsets:
- addresses:
  - ip: 127.0.0.1
  - ip: not-an-ip
  - ip: 169.254.1.1
  ports:
  - port: 80
  - port: 70000
    protocol: XTP
- ports:
  - port: 80
YAML
# A pod relabelled out of a Service's selector leaves its endpoints (the Service of its old labels
# is synced too).
kubectl run solo-a --image=nginx:1.27 -l app=solo
kubectl run solo-b --image=nginx:1.27 -l app=solo
kubectl create service clusterip solo --tcp=80
sleep 10s
kubectl get ep solo
kubectl label pod solo-a app=debug --overwrite
kubectl get ep solo
kubectl get endpointslices -l kubernetes.io/service-name=solo
# The apiserver keeps its own Service, Endpoints and EndpointSlice: deleted, they come back at its
# loops' next 10-second tick.
kubectl delete endpoints kubernetes
kubectl get ep kubernetes
sleep 10s
kubectl get ep kubernetes
