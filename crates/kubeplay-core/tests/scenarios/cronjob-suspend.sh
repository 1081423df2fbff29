# Suspending a CronJob stops new Jobs (the running one carries on); resuming it runs only the most
# recent missed time, at once, not every run it missed.
kubectl apply -f manifests/cronjob/hello.yaml
sleep 3m
kubectl patch cronjob hello -p '{"spec":{"suspend":true}}'
kubectl get cronjob hello
sleep 10m
kubectl get cronjob hello
kubectl get jobs -o name
kubectl patch cronjob hello -p '{"spec":{"suspend":false}}'
kubectl get jobs -o name
kubectl get cronjob hello
kubectl get job hello-28928172 -o jsonpath='{.metadata.annotations}{"\n"}'
# startingDeadlineSeconds: a run more than 30s late is skipped, silently, until the next time.
kubectl patch cronjob hello -p '{"spec":{"suspend":true,"startingDeadlineSeconds":30}}'
sleep 5m45s
kubectl patch cronjob hello -p '{"spec":{"suspend":false}}'
kubectl get jobs -o name
sleep 1m30s
kubectl get jobs -o name
# More than 100 missed times: a warning, and still one Job for the most recent.
kubectl patch cronjob hello -p '{"spec":{"suspend":true,"startingDeadlineSeconds":null}}'
sleep 4h
kubectl patch cronjob hello -p '{"spec":{"suspend":false}}'
kubectl get jobs -o name
kubectl get events --field-selector involvedObject.kind=CronJob
