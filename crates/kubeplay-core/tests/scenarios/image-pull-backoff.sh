# An image tag the registry does not have. The catalogue knows every tag of the book's kiamol/*
# images, so kiamol/ch05-pi:nope fails to pull: ErrImagePull with containerd's error, then
# ImagePullBackOff while the image backoff (10s, doubling to 300s) lasts, retried at each sync.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: pi
spec:
  containers:
  - name: web
    image: kiamol/ch05-pi:nope
YAML
kubectl get pods
sleep 2
kubectl get pods
kubectl logs pi
kubectl get pod pi -o jsonpath='{.status.containerStatuses[0].image} {.status.containerStatuses[0].state.waiting.reason}: {.status.containerStatuses[0].state.waiting.message}{"\n"}'
sleep 20
kubectl get pods
kubectl logs pi
kubectl get pod pi -o jsonpath='{.status.containerStatuses[0].state.waiting.reason}: {.status.containerStatuses[0].state.waiting.message}{"\n"}'
why pod/pi
sleep 2m
kubectl get pods
kubectl describe pod pi
# Fixing the tag in the manifest: the kubelet pulls the new image at once and starts the container.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: pi
spec:
  containers:
  - name: web
    image: kiamol/ch05-pi
YAML
sleep 5
kubectl get pods
kubectl get events --field-selector involvedObject.name=pi
