# A Deployment whose template names a tag the registry does not have: its pod never gets past
# ErrImagePull/ImagePullBackOff. `kubectl set image` with a tag that exists rolls out a new
# ReplicaSet whose pod pulls and starts; the stuck pod goes with the old ReplicaSet.
kubectl apply -f - <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: sleep
spec:
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
        image: kiamol/ch03-sleep:v2
YAML
sleep 30
kubectl get pods
kubectl get events --field-selector reason=Failed
kubectl set image deployment/sleep sleep=kiamol/ch03-sleep:latest
sleep 10
kubectl get pods
kubectl get rs -o wide
