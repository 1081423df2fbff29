# kubectl logs and exec: following a log until the container ends (the clock moves with it),
# timestamps, label selectors, and kubectl's errors for exec and field selectors.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: counter
  labels:
    app: counter
spec:
  restartPolicy: Never
  containers:
  - name: count
    image: busybox:1.36
    command: ['sh', '-c', 'for i in 1 2 3; do echo "tick $i"; sleep 10; done']
YAML
kubectl logs counter
kubectl logs -f counter
kubectl logs counter --timestamps --tail 2
kubectl logs -l app=counter
kubectl get pods --field-selector status.phase=Succeeded
kubectl get pods --field-selector spec.image=busybox
kubectl exec counter -- ls /
kubectl exec counter ls /
kubectl exec missing -- ls
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: shell
spec:
  containers:
  - name: sh
    image: kiamol/ch03-sleep
YAML
kubectl wait --for=condition=Ready pod/shell
kubectl exec shell -- sh -c 'echo $HOSTNAME; ls /tmp; exit 3'
kubectl exec shell -- nosuchcommand
kubectl logs shell -c nope
