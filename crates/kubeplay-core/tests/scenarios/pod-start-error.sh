# A command the image does not have: the runtime cannot start it (StartError, exit 128) and the
# kubelet retries with restart backoff, repeating the runtime's Failed event.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: typo
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ['slep', '100']
YAML
sleep 3
kubectl get pods
sleep 30
kubectl get pods
kubectl get events --field-selector reason=Failed
