# activeDeadlineSeconds: 15s after startTime the Job is FailureTarget/DeadlineExceeded, its running
# pod is deleted (counted as failed), and Failed follows once the pod is gone.
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: deadline
spec:
  activeDeadlineSeconds: 15
  backoffLimit: 5
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: sleeper
        image: busybox:1.36
        command: ['sleep', '60']
YAML
sleep 14
kubectl get job deadline
kubectl get pods
sleep 1
kubectl get job deadline
kubectl get pods
kubectl get job deadline -o jsonpath='failed={.status.failed} terminating={.status.terminating}{"\n"}{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}'
sleep 30
kubectl get job deadline
kubectl get pods
kubectl describe job deadline
