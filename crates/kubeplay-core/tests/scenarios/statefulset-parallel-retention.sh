# podManagementPolicy Parallel creates and deletes without waiting; a failing readiness probe
# blocks nothing. persistentVolumeClaimRetentionPolicy Delete hands claims to the garbage
# collector: whenScaled through the pod, whenDeleted through the set.
kubectl apply -f - <<'YAML'
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: cache
spec:
  serviceName: cache
  replicas: 3
  podManagementPolicy: Parallel
  persistentVolumeClaimRetentionPolicy:
    whenScaled: Delete
    whenDeleted: Delete
  selector:
    matchLabels:
      app: cache
  template:
    metadata:
      labels:
        app: cache
    spec:
      containers:
      - name: cache
        image: busybox:1.36
        command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
        readinessProbe:
          exec:
            command: ["false"]
        volumeMounts:
        - name: data
          mountPath: /data
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 10Mi
YAML
kubectl get pods,pvc
sleep 15
kubectl get pods,pvc
why sts/cache
kubectl get pvc data-cache-0 -o jsonpath='{range .metadata.ownerReferences[*]}{.kind}/{.name} controller={.controller}{"\n"}{end}'
kubectl scale sts cache --replicas=1
kubectl get pods
kubectl get pvc data-cache-2 -o jsonpath='{range .metadata.ownerReferences[*]}{.kind}/{.name} controller={.controller}{"\n"}{end}'
sleep 5
kubectl get pods,pvc,pv
kubectl delete sts cache
sleep 5
kubectl get pods,pvc,pv
kubectl get events --field-selector involvedObject.kind=StatefulSet
