# A CronJob every two minutes: the first Job starts just after 00:02 (the controller looks again
# 100ms after each schedule time), is named after its scheduled minute since the epoch and carries
# the scheduled time; earlier times are never backfilled. (The Jobs sleep for an hour: they stay active.)
kubectl apply -f manifests/cronjob/hello.yaml
kubectl get cronjob
sleep 2m
kubectl get cronjobs,jobs
sleep 1s
kubectl get cronjob hello -o wide
kubectl get jobs -o name
kubectl get job hello-28928162 -o jsonpath='{.metadata.annotations}{"\n"}{.metadata.labels.app}{"\n"}{range .metadata.ownerReferences[*]}{.kind}/{.name} controller={.controller} blockOwnerDeletion={.blockOwnerDeletion}{"\n"}{end}'
sleep 5m
kubectl get cronjob hello
kubectl get cronjob hello -o jsonpath='{.status.lastScheduleTime}{"\n"}{range .status.active[*]}{.kind} {.name}{"\n"}{end}'
kubectl describe cronjob hello
