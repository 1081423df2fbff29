# kubectl logs -l: every matching pod's log in turn, the last 10 lines of each unless --tail says
# otherwise; the --max-log-requests limit (5) applies only to following several pods at once, and
# a selector that matches nothing says so on stderr; a selector and a pod name together, or three
# arguments, are usage errors; once the pods are found, kubectl's Validate refuses a --tail below
# -1, a negative --limit-bytes, --all-containers with a container, and -c with an inline container;
# --since keeps the lines of the last so long (after --tail), and is read as a Go duration;
# --since-time keeps those from an RFC 3339 time on (Go's time.Parse errors).
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: count
spec:
  completions: 6
  parallelism: 6
  template:
    metadata:
      labels:
        app: count
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: busybox
        command: ['sh', '-c', 'for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo "line $i"; done']
YAML
kubectl wait --for=condition=complete job/count
kubectl logs -l app=count --prefix --tail 1
kubectl logs -l app=count | wc -l
kubectl logs -l app=count --tail=-1 | wc -l
kubectl logs -l app=count -f
kubectl logs -l app=count -f --max-log-requests 6 --tail 1
kubectl logs -l app=nothing
kubectl logs -l app=count count-xyz
kubectl logs a b c
kubectl logs -l app=count --tail=-2
kubectl logs -l app=count --limit-bytes=-1
kubectl logs -l app=count --all-containers -c c
POD=$(kubectl get pods -l app=count -o jsonpath='{.items[0].metadata.name}')
kubectl logs $POD c -c c
kubectl logs $POD --tail=-5
kubectl logs $POD --tail=-1 | wc -l
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: ticker
spec:
  restartPolicy: Never
  containers:
  - name: t
    image: busybox
    command: ['sh', '-c', 'for i in 1 2 3 4 5 6; do echo "tick $i"; sleep 10; done']
YAML
sleep 65
kubectl logs ticker --since=25s --timestamps
kubectl logs ticker --since=1h --tail=2
kubectl logs ticker --since=30
kubectl logs ticker --since=-1m
# --since-time keeps the lines stamped at or after an RFC 3339 time; it cannot go with --since.
kubectl logs ticker --since-time=2025-01-01T00:00:50Z --timestamps
kubectl logs ticker --since-time=2025-01-01T01:00:30+01:00 --tail=1
kubectl logs ticker --since-time=2025-01-01T00:00:50Z --since=10s
kubectl logs ticker --since-time=yesterday
kubectl logs ticker --since-time=2025-02-30T00:00:00Z
kubectl logs -l app=ticker --since-time=2025-01-01
# Objects without a pod selector: logsForObject's and attachablePodForObject's words (SelectorsForObject).
kubectl logs svc/kubernetes
kubectl exec svc/kubernetes -- true
kubectl logs cm/kube-root-ca.crt
kubectl create cronjob tick --image=busybox --schedule="*/5 * * * *" -- date
kubectl logs cronjob/tick
kubectl exec cronjob/tick -- date
