# concurrencyPolicy Forbid skips a run while the previous Job is still running (lastScheduleTime
# stays put); Replace deletes the running Job and starts the new one.
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: CronJob
metadata:
  name: forbid
spec:
  schedule: "*/2 * * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: work
            image: busybox
            command: ["sleep", "3600"]
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: replace
spec:
  schedule: "*/2 * * * *"
  concurrencyPolicy: Replace
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: work
            image: busybox
            command: ["sleep", "3600"]
YAML
sleep 7m
kubectl get cronjobs
kubectl get jobs -o name
kubectl describe cronjob forbid
kubectl get events --field-selector involvedObject.name=replace
