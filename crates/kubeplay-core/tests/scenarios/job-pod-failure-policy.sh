# podFailurePolicy: exit code 3 is Ignored (replaced, not counted toward backoffLimit), exit code 42
# fails the whole Job at once with reason PodFailurePolicy, naming the container and the pod.
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: policy
spec:
  completions: 3
  parallelism: 1
  backoffLimit: 0
  podFailurePolicy:
    rules:
    - action: Ignore
      onExitCodes:
        operator: In
        values: [3]
    - action: FailJob
      onExitCodes:
        containerName: main
        operator: In
        values: [42]
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
        command: ['sh', '-c', 'sleep 2; exit 3']
YAML
sleep 30
kubectl get pods
kubectl get job policy
kubectl get job policy -o jsonpath='failed={.status.failed} podReplacementPolicy={.spec.podReplacementPolicy}{"\n"}'
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: fatal
spec:
  backoffLimit: 6
  podFailurePolicy:
    rules:
    - action: FailJob
      onExitCodes:
        containerName: main
        operator: In
        values: [42]
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
        command: ['sh', '-c', 'sleep 2; exit 42']
YAML
sleep 10
kubectl get pods -l job-name=fatal
kubectl get job fatal
kubectl get job fatal -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}'
kubectl get events --field-selector involvedObject.name=fatal
