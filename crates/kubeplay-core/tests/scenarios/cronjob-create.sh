# kubectl create cronjob (create_cronjob.go): the generated object, --dry-run=client -o yaml|json, cobra's
# required flags, the apiserver's schedule and restartPolicy checks, and the CronJob firing.
kubectl create cronjob hello --image=busybox --schedule="*/1 * * * *" -- echo hello
kubectl create cronjob hello2 --image=busybox --schedule="*/1 * * * *" --dry-run=client -o yaml
kubectl create cronjob hello3 --image=busybox --schedule="*/1 * * * *" --dry-run=client -o json
kubectl create cronjob bad --image=busybox --schedule="61 * * * *"
kubectl create cj bad2 --image=busybox --schedule="* * * * *" --restart=Always
kubectl create cronjob nope
kubectl create cronjob --image=busybox --schedule="* * * * *"
kubectl create cronjob hello --image=busybox --schedule="*/1 * * * *"
sleep 65s
kubectl get cronjob,jobs
kubectl logs job/$(kubectl get jobs -o jsonpath='{.items[0].metadata.name}')
