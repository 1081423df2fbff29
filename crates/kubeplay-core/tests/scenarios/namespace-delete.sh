# Deleting a namespace: it stays Terminating (its `kubernetes` finalizer) while the namespace
# controller deletes everything in it, reports what remains in its conditions, looks again after
# half the longest pod grace period plus a second, and goes once it is empty. Nothing new may be
# created in it meanwhile.
kubectl create namespace team
kubectl apply -n team -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: sleep
spec:
  replicas: 2
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
EOF
kubectl create configmap settings -n team --from-literal=mode=test
sleep 30s
kubectl get all -n team
kubectl delete namespace team --wait=false
kubectl get namespace team
kubectl create configmap late -n team --from-literal=x=y
sleep 5s
kubectl get pods -n team
kubectl describe namespace team
sleep 30s
kubectl get namespace team
kubectl get all -n team
kubectl create namespace again
kubectl delete namespace again
kubectl get namespaces
