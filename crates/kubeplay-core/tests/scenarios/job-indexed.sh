# completionMode Indexed: pods <job>-<index>-<suffix> with the completion index as annotation,
# label, JOB_COMPLETION_INDEX and hostname; status.completedIndexes is an interval list.
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: indexed
spec:
  completions: 5
  parallelism: 2
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: worker
        image: busybox:1.36
        command: ['sh', '-c', 'echo index $JOB_COMPLETION_INDEX on $(hostname); sleep $((5 - JOB_COMPLETION_INDEX))']
YAML
kubectl get pods -L batch.kubernetes.io/job-completion-index
sleep 6
kubectl get pods -L batch.kubernetes.io/job-completion-index
kubectl get job indexed -o jsonpath='{.status.completedIndexes}{"\n"}'
sleep 5
kubectl get job indexed -o jsonpath='{.status.completedIndexes}{"\n"}'
sleep 10
kubectl get pods -L batch.kubernetes.io/job-completion-index
kubectl get job indexed
kubectl logs -l batch.kubernetes.io/job-completion-index=3
kubectl get pod -l batch.kubernetes.io/job-completion-index=3 -o jsonpath='{.items[0].metadata.annotations}{"\n"}{.items[0].spec.hostname}{"\n"}{.items[0].spec.containers[0].env}{"\n"}'
kubectl describe job indexed
