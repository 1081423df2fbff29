# A pod that prints, sleeps and exits: ContainerCreating → Running → Completed, with the kubelet's events.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: hello
spec:
  restartPolicy: Never
  containers:
  - name: hello
    image: busybox:1.36
    command: ['sh', '-c', 'echo "hello from $HOSTNAME"; sleep 5; echo done']
YAML
kubectl get pods
sleep 2
kubectl get pods -o wide
kubectl logs hello
sleep 10
kubectl get pods
kubectl logs hello
kubectl get events --sort-by=.lastTimestamp
