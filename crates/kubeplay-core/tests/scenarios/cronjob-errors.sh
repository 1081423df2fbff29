# CronJob validation in the apiserver's words, and a schedule that parses but never fires.
kubectl apply -f - <<'YAML'
apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: old
spec:
  schedule: "*/2 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: c
            image: busybox
YAML
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: CronJob
metadata:
  name: a-cronjob-name-that-is-far-too-long-for-its-job-names-x
spec:
  schedule: "0 0 * * 7"
  timeZone: Mars/Base
  concurrencyPolicy: Sometimes
  startingDeadlineSeconds: -5
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: c
            image: busybox
YAML
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: CronJob
metadata:
  name: tz
spec:
  schedule: "TZ=Europe/London 0 9 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: c
            image: busybox
YAML
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: CronJob
metadata:
  name: never
spec:
  schedule: "0 0 30 2 *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: c
            image: busybox
YAML
kubectl get cronjob never
kubectl get events --field-selector involvedObject.kind=CronJob
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: CronJob
metadata:
  name: new-york
spec:
  schedule: "0 3 * * *"
  timeZone: America/New_York
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: c
            image: busybox
YAML
# 03:00 in New York is 08:00 UTC in January.
sleep 8h1m
kubectl get cronjob new-york
kubectl get jobs -o jsonpath='{range .items[*]}{.metadata.name} {.metadata.annotations}{"\n"}{end}'
