# kubectl create job --from=cronjob/NAME: a Job from the CronJob's template, marked as manual and
# controlled by the CronJob, which then warns that it did not create it.
kubectl apply -f manifests/cronjob/hello.yaml
kubectl patch cronjob hello -p '{"spec":{"suspend":true}}'
kubectl create job hello-manual --from=cronjob/hello
kubectl get job hello-manual -o jsonpath='{.metadata.annotations}{"\n"}{range .metadata.ownerReferences[*]}{.kind}/{.name} controller={.controller} blockOwnerDeletion={.blockOwnerDeletion}{"\n"}{end}'
kubectl get events --field-selector involvedObject.kind=CronJob
kubectl get cronjob hello
kubectl create job hello-manual --from=cronjob/hello
kubectl create job other --from=cronjob/missing
kubectl create job other
kubectl create job other --image=busybox --from=cronjob/hello
kubectl create job other --from=cronjob/hello -- date
kubectl create job
kubectl create job one-off --image=busybox -- date
kubectl get job one-off -o jsonpath='{.spec.template.spec.containers[0].name} {.spec.template.spec.containers[0].command} {.spec.template.spec.restartPolicy}{"\n"}'
kubectl create job preview --from=cronjob/hello --dry-run=client -o yaml
kubectl delete cronjob hello
kubectl get jobs -o name
