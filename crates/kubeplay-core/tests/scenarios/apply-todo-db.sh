# The seed's todo-db: a Secret, a headless Service and a StatefulSet applied from a directory.
kubectl apply -f manifests/todo-db/
kubectl get statefulset todo-db
kubectl get svc todo-db
kubectl get secret todo-db-secret
sleep 45s
# Applying the same files again changes nothing.
kubectl apply -f manifests/todo-db/
kubectl get sts,svc,secret -l kiamol=ch08
kubectl get sts todo-db -o jsonpath='{.spec.podManagementPolicy} {.spec.updateStrategy.type} {.spec.template.spec.volumes[0].secret.defaultMode}{"\n"}'
kubectl get sts todo-db -o name
