# kubectl wait --timeout and rollout status --timeout are Go durations: a bare number other than 0
# lacks its unit, and `d` is no unit. For wait, 0 checks once without waiting and a negative value
# waits up to a week; for rollout status, 0 means no limit.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: slow
spec:
  restartPolicy: Never
  containers:
  - name: c
    image: busybox
    command: ['sh', '-c', 'sleep 90']
YAML
kubectl wait --for=condition=Ready pod/slow --timeout=30
kubectl wait --for=condition=Ready pod/slow --timeout=1d
kubectl wait --for=jsonpath='{.status.phase}'=Succeeded pod/slow --timeout=0
kubectl wait --for=jsonpath='{.status.phase}'=Succeeded pod/slow --timeout=-1s
kubectl get pod slow
kubectl rollout status deploy/missing --timeout=5
kubectl create deployment web --image=nginx
kubectl rollout status deploy/web --timeout=0
