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
# kubectl create service generators for the other types.
kubectl create service nodeport gen-np --tcp=80:8080 --node-port=30090
kubectl create service nodeport gen-np2 --tcp=80 --dry-run=client -o yaml
kubectl create service loadbalancer gen-lb --tcp=443:8443
kubectl create service externalname gen-ext --external-name=example.com
kubectl create service externalname gen-ext2
kubectl create service externalname gen-ext3 --external-name=Bad_Name
kubectl create service nodeport gen-np3 --clusterip=None --tcp=80
kubectl create service nodeport gen-np4
kubectl create service nodeport gen-np5 --tcp=80 --node-port=30090
kubectl create service headless x
kubectl get svc -l 'app in (gen-np,gen-lb,gen-ext)'
# Changing the type: to NodePort allocates, back to ClusterIP drops the node port and the policy;
# a ClusterIP Service may not name a node port.
kubectl expose deploy web --name=flip
kubectl patch svc flip -p '{"spec":{"type":"NodePort"}}'
kubectl get svc flip -o jsonpath='{.spec.type} {.spec.ports[0].nodePort} {.spec.externalTrafficPolicy}{"\n"}'
kubectl patch svc flip -p '{"spec":{"type":"ClusterIP"}}'
kubectl get svc flip -o jsonpath='{.spec.type} {.spec.ports[0].nodePort} {.spec.externalTrafficPolicy}{"\n"}'
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: forbidden
spec:
  ports:
  - port: 80
    nodePort: 30001
YAML
