# sh -c 'exit 2' with restartPolicy Never ends in STATUS Error with exit code 2; with Always it
# crash-loops with the kubelet's restart delays (at once, then 10s, 20s, 40s, ...).
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: fails-once
spec:
  restartPolicy: Never
  containers:
  - name: app
    image: busybox:1.36
    command: ['sh', '-c', 'exit 2']
YAML
sleep 5
kubectl get pod fails-once
kubectl get pod fails-once -o jsonpath='{.status.containerStatuses[0].state.terminated.exitCode} {.status.containerStatuses[0].state.terminated.reason}{"\n"}'
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: crasher
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ['sh', '-c', 'echo starting; exit 1']
YAML
sleep 3
kubectl get pod crasher
sleep 5
kubectl get pod crasher
sleep 10
kubectl get pod crasher
sleep 1m
kubectl get pod crasher
sleep 5m
kubectl get pod crasher
kubectl logs crasher
kubectl logs crasher --previous
kubectl get events --field-selector involvedObject.name=crasher
