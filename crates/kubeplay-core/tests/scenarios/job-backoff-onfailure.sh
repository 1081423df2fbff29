# restartPolicy OnFailure: the kubelet restarts the container in place (CrashLoopBackOff) and the
# restarts count toward backoffLimit; at 3 the Job deletes its pod and fails.
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: fail-onfailure
spec:
  backoffLimit: 3
  template:
    spec:
      restartPolicy: OnFailure
      containers:
      - name: fail
        image: busybox:1.36
        command: ['sh', '-c', 'echo start; sleep 2; exit 1']
YAML
sleep 15
kubectl get pods
kubectl get job fail-onfailure
sleep 22
kubectl get pods
kubectl get job fail-onfailure
sleep 2
kubectl get pods
kubectl get job fail-onfailure
kubectl get job fail-onfailure -o jsonpath='failed={.status.failed} terminating={.status.terminating}{"\n"}{range .status.conditions[*]}{.type} {.reason} {.lastTransitionTime}{"\n"}{end}'
sleep 5
kubectl get pods
kubectl get job fail-onfailure -o jsonpath='failed={.status.failed} terminating={.status.terminating}{"\n"}{range .status.conditions[*]}{.type} {.reason} {.lastTransitionTime}{"\n"}{end}'
kubectl get events --field-selector involvedObject.kind=Job
kubectl wait --for=condition=failed job/fail-onfailure --timeout=1s
