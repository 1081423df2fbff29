# Shell variables and command substitution, as bash expands them before kubectl runs.
kubectl apply -f manifests/todo-db/
sleep 30s
POD=$(kubectl get pods -l app=todo-db -o jsonpath='{.items[0].metadata.name}')
echo "the first pod is $POD"
kubectl exec $POD -- ls /var/lib/postgresql
kubectl get pod "${POD}" -o jsonpath='{.spec.hostname}.{.spec.subdomain}{"\n"}'
echo "$(kubectl get pods -o name | wc -l) pods"
export NS=default
kubectl get pods -n $NS --no-headers | wc -l
kubectl get pod nope-0; echo "exit status: $?"
echo "and now: $?"
PODS=$(kubectl get pods -o name)
echo $PODS
echo "$PODS"
# Unquoted, a variable is split into words: kubectl gets two names.
kubectl get $PODS -o jsonpath='{range .items[*]}{.metadata.name} {.status.phase}{"\n"}{end}'
# Quoted, it stays one word, blanks and all.
MSG="two  spaces"; echo $MSG; echo "$MSG"
PASSWORD=$(kubectl get secret todo-db-secret -o jsonpath='{.data.POSTGRES_PASSWORD}' | base64 -d)
echo "the password has ${#PASSWORD} characters"
kubectl exec $POD -- sh -c "echo the workstation sent $POD, the container says \$HOSTNAME"
echo 'single quotes keep $POD' "escaped \$POD" unset:[$NOPE] default:${NOPE:-none}
ERR=$(kubectl get nope 2>&1); echo "captured: $ERR"
echo "backquotes: `kubectl get ns default -o name`"
kubectl delete pod ${POD:?} --wait=false
kubectl get pod ${NOPE:?set NOPE to a pod name first}
echo "not reached: a non-interactive bash stops at \${NOPE:?}"
