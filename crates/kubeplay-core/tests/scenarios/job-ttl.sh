# ttlSecondsAfterFinished: the TTL-after-finished controller deletes the finished Job (and, by
# cascading deletion, its pods) that many seconds after it completed.
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: short-lived
spec:
  ttlSecondsAfterFinished: 30
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: hello
        image: busybox:1.36
        command: ['sh', '-c', 'echo hello from a short-lived job']
YAML
kubectl wait --for=condition=complete job/short-lived --timeout=30s
kubectl get job short-lived
kubectl get pods
kubectl logs job/short-lived
sleep 20
kubectl get job short-lived
sleep 10
kubectl get job short-lived
kubectl get pods
