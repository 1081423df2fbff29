# Changing a CronJob's schedule does not sync it at once: the controller requeues it for the new
# schedule's next time (updateCronJob + nextScheduleTimeDuration), so 00:05, "missed" by the new
# schedule while the old one was in force, is never run; the first Job is the 00:10 one.
kubectl apply -f - <<EOF
apiVersion: batch/v1
kind: CronJob
metadata:
  name: reports
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: report
            image: busybox
            command: ["sh", "-c", "date"]
EOF
sleep 7m
kubectl patch cronjob reports -p '{"spec":{"schedule":"*/5 * * * *"}}'
sleep 1m
kubectl get jobs
sleep 3m
kubectl get jobs
kubectl get cronjob reports
kubectl get job -o jsonpath='{.items[0].metadata.annotations.batch\.kubernetes\.io/cronjob-scheduled-timestamp}{"\n"}'
