# Image references the kubelet cannot parse (distribution/reference): uppercase in the repository
# name, an empty tag. The apiserver accepts them; the kubelet reports InvalidImageName with its
# InspectFailed event at every sync, and nothing is pulled.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: upper
spec:
  containers:
  - name: app
    image: Busybox
    command: ['sleep', '3600']
---
apiVersion: v1
kind: Pod
metadata:
  name: empty-tag
spec:
  containers:
  - name: web
    image: 'nginx:'
YAML
sleep 15
kubectl get pods
kubectl get events --field-selector involvedObject.name=upper
kubectl get pod empty-tag -o jsonpath='{.status.containerStatuses[0].state.waiting.reason}: {.status.containerStatuses[0].state.waiting.message}{"\n"}'
# Setting a valid image lets the pod start at once.
kubectl set image pod/upper app=busybox:1.36
sleep 3
kubectl get pods
kubectl get events --field-selector involvedObject.name=upper
kubectl set image pod/upper app='busybox:1.36 '
