# kubectl expose: a Service selecting what the object selects, on the object's ports unless --port
# says otherwise; and kubectl run --expose. StatefulSets cannot be exposed (kubectl's rule).
kubectl create deployment web --image=nginx:1.27 --port=80 --replicas=2
kubectl expose deployment web
kubectl expose deployment web --port=8080 --target-port=80 --name=web-8080 --type=NodePort --dry-run=client -o yaml
kubectl expose deploy/web --name=web-headless --cluster-ip=None
kubectl expose svc web --name=web-copy --port=8080 --target-port=http --dry-run=client -o json
kubectl apply -f - <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels:
    app: api
    tier: backend
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
      - name: api
        image: nginx:1.27
        ports:
        - containerPort: 80
        - containerPort: 443
      - name: metrics
        image: busybox:1.36
        command: ['sleep', '3600']
        ports:
        - containerPort: 9090
          protocol: UDP
YAML
kubectl expose deployment api --dry-run=client -o yaml
kubectl expose deployment api -l team=kiamol
kubectl get svc api -o wide --show-labels
kubectl run solo --image=nginx:1.27
kubectl expose pod solo --port=80
kubectl rollout status deploy/web --timeout=2m
kubectl wait --for=condition=Ready pod/solo
kubectl get endpointslices -l kubernetes.io/service-name=web
kubectl exec solo -- sh -c 'wget -qO- http://web | head -4'
kubectl run echo --image=nginx:1.27 --port=80 --expose
kubectl run echo2 --image=nginx:1.27 --port=80 -l app=echo2,tier=demo --expose --dry-run=client -o yaml
kubectl get svc
kubectl apply -f manifests/todo-db/
kubectl expose -f manifests/todo-db/02-service.yaml --name=todo-db-lb --type=LoadBalancer --dry-run=client -o yaml
# Errors.
kubectl expose deployment web
kubectl expose pod solo
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: nolabels
spec:
  containers:
  - name: c
    image: nginx:1.27
YAML
kubectl expose pod nolabels --port=80
kubectl expose deployment web --port=http
kubectl expose deployment web --name=web2 --session-affinity=Sticky
kubectl expose deployment missing --port=80
kubectl expose sts todo-db --port=5432
kubectl create configmap settings --from-literal=mode=demo
kubectl expose configmap settings
kubectl expose deployment
kubectl expose
kubectl run e3 --image=nginx:1.27 --expose
# A Service port that differs from its target port: the request goes to the pod's port 80.
kubectl expose pod solo --name=solo-8088 --port=8088 --target-port=80
kubectl exec solo -- sh -c 'wget -qO- http://solo-8088:8088 | grep title'
# Without a volume over /var/log/nginx, nginx's access log is the container's output.
kubectl logs solo --tail=2
