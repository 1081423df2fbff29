# The todo-db pod spec as a plain Pod: its Secret volume is missing at first (FailedMount, the pod
# waits in ContainerCreating), then the Secret is applied and the pod starts; an init container
# hands a file to the main container through an emptyDir.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: todo-db
  labels:
    app: todo-db
spec:
  initContainers:
  - name: init
    image: busybox:1.36
    command: ['sh', '-c', 'echo $RANDOM > /init/dp; echo wrote $(cat /init/dp)']
    volumeMounts:
    - name: init
      mountPath: /init
  containers:
  - name: db
    image: postgres:11.6-alpine
    env:
    - name: POSTGRES_PASSWORD_FILE
      value: /secrets/postgres_password
    volumeMounts:
    - name: secret
      mountPath: /secrets
    - name: init
      mountPath: /init
  volumes:
  - name: secret
    secret:
      secretName: todo-db-secret
      defaultMode: 0400
      items:
      - key: POSTGRES_PASSWORD
        path: postgres_password
  - name: init
    emptyDir: {}
YAML
sleep 5
kubectl get pod todo-db
kubectl get events --field-selector involvedObject.name=todo-db
kubectl apply -f manifests/todo-db/01-secret.yaml
sleep 30
kubectl get pod todo-db
kubectl exec todo-db -- cat /secrets/postgres_password
echo
kubectl exec todo-db -c db -- ls -l /secrets/
kubectl exec todo-db -- sh -c 'cat /init/dp'
kubectl logs todo-db -c init
kubectl logs todo-db --tail 3
# du: the blocks each file and directory holds, busybox's way.
kubectl exec todo-db -- sh -c 'seq 1 2000 > /init/numbers; du -h /init; du -s /init; du -a /init; du -ch /init/dp /init/numbers /init/missing'
# The kubelet lists each container's mounts in its status (RecursiveReadOnlyMounts, v1.31+).
kubectl get pod todo-db -o jsonpath='{range .status.initContainerStatuses[*]}{.name}: {.volumeMounts}{"\n"}{end}{range .status.containerStatuses[*]}{.name}: {.volumeMounts}{"\n"}{end}'
