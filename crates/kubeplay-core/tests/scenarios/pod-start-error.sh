# A command the image does not have: the runtime creates the container but cannot start it
# (StartError, exit 128, never started). Until its next sync restarts the container the kubelet
# shows RunContainerError, then CrashLoopBackOff while the restart backoff lasts; restarts count.
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
sleep 2
kubectl get pods
sleep 28
kubectl get pods
kubectl describe pod typo
kubectl get events --field-selector reason=Failed
# With restartPolicy Never nothing restarts it: the pod fails and STATUS is the runtime's reason.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: once
spec:
  restartPolicy: Never
  containers:
  - name: app
    image: busybox:1.36
    command: ['/app/server']
YAML
sleep 5
kubectl get pod once
kubectl get pod once -o jsonpath='{.status.phase} {.status.containerStatuses[0].state.terminated.reason} {.status.containerStatuses[0].state.terminated.exitCode}{"\n"}'
