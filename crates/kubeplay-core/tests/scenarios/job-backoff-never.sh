# restartPolicy Never: every failure is a new pod, created 10s, 20s, 40s after the last failure;
# the fourth failure passes backoffLimit 3 and the Job fails (FailureTarget, then Failed).
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: fail-never
spec:
  backoffLimit: 3
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: fail
        image: busybox:1.36
        command: ['sh', '-c', 'echo start; sleep 2; exit 1']
YAML
sleep 10
kubectl get pods
kubectl get job fail-never
sleep 5
kubectl get pods
sleep 30
kubectl get pods
sleep 45
kubectl get pods
kubectl get job fail-never
kubectl get job fail-never -o jsonpath='failed={.status.failed} active={.status.active}{"\n"}{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}'
kubectl logs job/fail-never
kubectl describe job fail-never
sleep 2m
kubectl get job fail-never
