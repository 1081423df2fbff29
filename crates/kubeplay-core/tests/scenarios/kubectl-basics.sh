# kubectl verbs on a Secret, a ConfigMap, a headless Service and a StatefulSet (pods stay Pending until
# the kubelet lands; this scenario is about the API and kubectl).
kubectl apply -f manifests/todo-db/
kubectl create -f manifests/todo-db/01-secret.yaml
kubectl describe secret todo-db-secret
kubectl describe svc todo-db
kubectl label sts todo-db tier=db
kubectl label sts todo-db tier=cache
kubectl label sts todo-db tier=cache --overwrite
kubectl get sts --show-labels
kubectl get sts -L tier
kubectl annotate svc todo-db owner=kiamol
kubectl get svc todo-db -o jsonpath='{.metadata.annotations.owner}{"\n"}'
kubectl scale sts todo-db --replicas=3
kubectl get sts todo-db -o jsonpath='{.spec.replicas} {.metadata.generation}{"\n"}'
kubectl patch sts todo-db --type merge -p '{"spec":{"replicas":1}}'
kubectl patch sts todo-db -p '{"spec":{"serviceName":"other"}}'
kubectl get sts todo-db -o jsonpath="{.spec.serviceName}{'\n'}"
kubectl get pods,sts -l app=todo-db -o name
kubectl get events
kubectl delete svc todo-db
kubectl delete svc todo-db
kubectl delete secret todo-db-secret --ignore-not-found
kubectl delete -f manifests/todo-db/
kubectl get all
kubectl get sts,svc,secrets
kubectl get sc
kubectl get ns --sort-by=.metadata.name
kubectl version
kubectl get nodes
kubectl get pvc nothere -o jsonpath='{.metadata.name}{"\n"}'
kubectl get pod nothere -o yaml
# describe with nothing to describe says so on stderr, as kubectl does.
kubectl describe pods -l app=nothing-has-this
kubectl describe cronjobs -A
# Global flags may come before the verb, as with kubectl.
kubectl -n kube-system get svc -o name
