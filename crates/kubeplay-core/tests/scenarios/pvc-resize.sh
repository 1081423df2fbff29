# PersistentVolumeClaim updates as ValidatePersistentVolumeClaimUpdate and the PersistentVolumeClaimResize
# admission plugin judge them (go-cmp's diff of the internal specs included), and kubectl run --overrides.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 100Mi
YAML
# A claim waits for its first consumer; while Pending, its size is as immutable as the rest.
kubectl patch pvc data -p '{"spec":{"resources":{"requests":{"storage":"200Mi"}}}}'
kubectl run user --image=busybox --overrides='{"spec":{"volumes":[{"name":"d","persistentVolumeClaim":{"claimName":"data"}}],"containers":[{"name":"user","image":"busybox","command":["sleep","1d"],"volumeMounts":[{"name":"d","mountPath":"/d"}]}]}}'
kubectl run bad --image=busybox --overrides='{not json'
kubectl run typed --image=busybox --override-type=bogus --overrides='{}'
kubectl run strat --image=busybox --override-type=strategic --overrides='{"spec":{"containers":[{"name":"strat","command":["sleep","1d"]}]}}' --dry-run=client -o yaml
sleep 20
kubectl get pvc data
# Bound: the size may change, but kind's standard class does not allow expansion.
kubectl patch pvc data -p '{"spec":{"resources":{"requests":{"storage":"1Gi"}}}}'
kubectl patch pvc data -p '{"spec":{"resources":{"requests":{"storage":"50Mi"}}}}'
kubectl patch pvc data -p '{"spec":{"accessModes":["ReadWriteMany"]}}'
kubectl patch pvc data -p '{"spec":{"storageClassName":"fast"}}'
