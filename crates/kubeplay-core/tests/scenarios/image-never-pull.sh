# imagePullPolicy Never only runs an image the node already has; busybox:1.36 has not been pulled
# on kind-worker2, so the kubelet refuses at every sync until another pod there pulls it.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: never
spec:
  nodeName: kind-worker2
  containers:
  - name: app
    image: busybox:1.36
    imagePullPolicy: Never
    command: ['sleep', '3600']
YAML
sleep 15
kubectl get pod never
kubectl get events --field-selector involvedObject.name=never
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: puller
spec:
  nodeName: kind-worker2
  containers:
  - name: app
    image: busybox:1.36
    command: ['sleep', '3600']
YAML
sleep 10
kubectl get pods never puller -o wide
kubectl get events --field-selector involvedObject.name=never
