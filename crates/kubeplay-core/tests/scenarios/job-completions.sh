# completions 5, parallelism 2: never more than two pods at once, five successes complete the Job;
# without completions (work-queue mode) the first success ends it once the others finish.
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: batch
spec:
  completions: 5
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: work
        image: busybox:1.36
        command: ['sh', '-c', 'echo working on $(hostname); sleep 5']
YAML
kubectl get job batch
sleep 3
kubectl get pods
kubectl get job batch
sleep 5
kubectl get pods
kubectl get job batch -o jsonpath='active={.status.active} ready={.status.ready} succeeded={.status.succeeded}{"\n"}'
sleep 6
kubectl get job batch
sleep 10
kubectl get pods
kubectl get job batch
kubectl get job batch -o yaml
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: queue
spec:
  parallelism: 3
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: worker
        image: busybox:1.36
        command: ['sh', '-c', 'sleep 4']
YAML
sleep 2
kubectl get job queue
sleep 10
kubectl get job queue
kubectl get pods -l job-name=queue
