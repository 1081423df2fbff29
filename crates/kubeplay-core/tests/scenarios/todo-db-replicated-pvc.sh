# The replicated todo-db with its data on PersistentVolumeClaims: a re-created standby finds PGDATA
# populated and skips pg_basebackup; a re-created primary recovers from its files without initdb, and
# the standby reconnects. startup.sh runs the entrypoint as a child of sh (PID 1, which ignores
# SIGTERM), so each pod takes its 30s grace period and postgres is killed, not shut down.
kubectl apply -f manifests/todo-db-replicated/01-secret.yaml -f manifests/todo-db-replicated/02-service.yaml -f manifests/todo-db-replicated/03-config.yaml -f manifests/todo-db-replicated/04-env.yaml -f manifests/todo-db-replicated/05-scripts.yaml -f manifests/todo-db-replicated-update/todo-db-pvc.yaml
sleep 40
kubectl get pods,pvc -l app=todo-db
kubectl get pvc
kubectl delete pod todo-db-1
sleep 20
kubectl get pods -l app=todo-db
kubectl logs todo-db-1
kubectl exec todo-db-1 -- psql -U postgres -c 'select pg_is_in_recovery()'
kubectl delete pod todo-db-0
sleep 20
kubectl get pods -l app=todo-db
kubectl logs todo-db-0
kubectl logs todo-db-1
