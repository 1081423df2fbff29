# NodePort and LoadBalancer Services: the apiserver allocates a node port from 30000-32767 for each
# port that asks for none, refuses one outside the range or already taken, and defaults
# externalTrafficPolicy; kube-proxy answers on every node's IP at that port.
kubectl create deployment web --image=nginx:1.27 --port=80
kubectl expose deploy web --type=NodePort
kubectl expose deploy web --type=LoadBalancer --name=web-lb
kubectl get svc
sleep 5s
kubectl describe svc web
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: fixed
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - port: 80
    nodePort: 30080
YAML
kubectl get svc fixed -o jsonpath='{.spec.ports[0].nodePort} {.spec.externalTrafficPolicy}{"\n"}'
kubectl run client --image=busybox:1.36 --restart=Never --rm -i -- sh -c 'wget -qO- http://172.18.0.4:30080 | grep title'
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: clash
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - port: 80
    nodePort: 30080
YAML
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: low
spec:
  type: NodePort
  ports:
  - port: 80
    nodePort: 80
YAML
kubectl get svc
