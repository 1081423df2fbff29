# kiamol ch08's replicated Postgres: todo-db-0 initialises and creates the replication role, todo-db-1
# waits for it through cluster DNS, takes a base backup with pg_basebackup and streams as a hot standby.
kubectl apply -f manifests/todo-db-replicated/
sleep 40
kubectl get pods -l app=todo-db
kubectl logs todo-db-0 -c wait-service
kubectl logs todo-db-0 -c initialize-replication
kubectl logs todo-db-1 -c wait-service
kubectl logs todo-db-1 -c initialize-replication
kubectl logs todo-db-1
kubectl exec todo-db-0 -- psql -U postgres -c 'select pg_is_in_recovery()'
kubectl exec todo-db-1 -- psql -U postgres -c 'select pg_is_in_recovery()'
# The standby is read-only; psql as root has no role.
kubectl exec todo-db-1 -- psql -U postgres -c 'CREATE ROLE reader LOGIN'
kubectl exec todo-db-1 -- psql -c 'select 1'
kubectl exec todo-db-1 -- cat /var/lib/postgresql/data/recovery.conf
