# The seed's lesson: volumeClaimTemplates cannot be added to an existing StatefulSet. The apiserver
# refuses the update; the set must be deleted and created again (its pods go, and come back with
# their claims).
kubectl apply -f manifests/todo-db-replicated/
sleep 30
kubectl get sts todo-db
kubectl apply -f manifests/todo-db-replicated-update/todo-db-pvc.yaml
kubectl get pvc
kubectl delete sts todo-db
kubectl apply -f manifests/todo-db-replicated-update/todo-db-pvc.yaml
kubectl get pods,pvc -l app=todo-db
why sts/todo-db
sleep 40
kubectl get sts todo-db
kubectl get pvc -l kiamol=ch08
kubectl get sts todo-db -o jsonpath='{.spec.volumeClaimTemplates[0].metadata.name} {.spec.template.spec.containers[0].volumeMounts[4].mountPath}{"\n"}'
kubectl get events --field-selector involvedObject.kind=StatefulSet
