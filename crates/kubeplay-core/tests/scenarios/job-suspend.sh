# spec.suspend: a Job created suspended runs nothing and has no startTime; resuming starts its pods
# (startTime now); suspending again deletes the running pods without counting them as failed.
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: later
spec:
  suspend: true
  completions: 2
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: work
        image: busybox:1.36
        command: ['sh', '-c', 'sleep 20']
YAML
sleep 5
kubectl get job later
kubectl get pods
kubectl get job later -o jsonpath='startTime={.status.startTime}{"\n"}{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}'
kubectl patch job later --type=merge -p '{"spec":{"suspend":false}}'
sleep 5
kubectl get job later
kubectl get pods
kubectl patch job later --type=merge -p '{"spec":{"suspend":true}}'
kubectl get job later
kubectl get pods
kubectl get job later -o jsonpath='active={.status.active} terminating={.status.terminating} failed={.status.failed}{"\n"}'
sleep 1m
kubectl get pods
kubectl patch job later --type=merge -p '{"spec":{"suspend":false}}'
sleep 25
kubectl get job later
kubectl get job later -o jsonpath='startTime={.status.startTime} failed={.status.failed}{"\n"}{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}'
kubectl get events --field-selector involvedObject.name=later
