# The seed's todo-db-backup CronJob (kiamol ch08), converted from batch/v1beta1 to batch/v1: every
# two minutes, Forbid, a pg_dump of the standby onto the backup claim; the dumps pile up; suspend.
kubectl apply -f manifests/todo-db-replicated/
kubectl apply -f manifests/todo-db-backup/
kubectl get cronjob todo-db-backup
sleep 2m5s
kubectl get cronjob,jobs -l kiamol=ch08
kubectl get pods -l job-name
sleep 4m
kubectl get jobs
kubectl logs job/todo-db-backup-28928162
kubectl get pods -l job-name=todo-db-backup-28928162 -o wide
kubectl apply -f manifests/sleep-backup/sleep-with-db-backup-mount.yaml
sleep 20
kubectl exec deploy/sleep -- ls -l /backup
kubectl describe cronjob todo-db-backup
# Suspending as the book does (update/todo-db-backup-cronjob-suspend.yaml sets suspend: true).
kubectl patch cronjob todo-db-backup -p '{"spec":{"suspend":true}}'
sleep 10m
kubectl get cronjob todo-db-backup
kubectl get jobs
why cronjob/todo-db-backup
