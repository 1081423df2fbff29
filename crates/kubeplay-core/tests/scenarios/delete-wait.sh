# kubectl delete waits until what it deleted is gone (--wait, the default), at most --timeout
# (0, the default, means a week). A claim still mounted by a pod keeps its pvc-protection
# finalizer, so the wait runs out. The grace flags follow kubectl's Complete and Validate.
# A second delete may shorten a pending graceful deletion, as BeforeDelete allows.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Mi
---
apiVersion: v1
kind: Pod
metadata:
  name: user
spec:
  containers:
  - name: app
    image: busybox
    command: ['sleep', '1d']
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
YAML
kubectl wait --for=condition=Ready pod/user
kubectl delete pvc data --timeout=20s
kubectl get pvc data
kubectl delete pvc data --wait=false
kubectl delete pod user --now --grace-period=5
kubectl delete pod user --force --grace-period=5
kubectl delete pod user --grace-period=soon
kubectl delete pod user --wait=maybe
kubectl delete pod user --timeout=30
kubectl delete pod user -o name
kubectl get pod,pvc
# A pod that has finished is deleted at once: there is nothing left to stop.
kubectl run once --image=busybox --restart=Never -- true
kubectl wait --for=jsonpath='{.status.phase}'=Succeeded pod/once
kubectl delete pod once
kubectl get events --field-selector involvedObject.name=once,reason=Killing
# A second delete of a pod being deleted may only shorten its grace period (deletionTimestamp
# moves back by the difference); --force --grace-period=0 removes it at once.
kubectl run slow --image=busybox -- sleep 1d
kubectl wait --for=condition=Ready pod/slow
kubectl delete pod slow --wait=false
kubectl get pod slow -o jsonpath='{.metadata.deletionTimestamp} {.metadata.deletionGracePeriodSeconds}{"\n"}'
kubectl delete pod slow --grace-period=60 --wait=false
kubectl get pod slow -o jsonpath='{.metadata.deletionTimestamp} {.metadata.deletionGracePeriodSeconds}{"\n"}'
kubectl delete pod slow --grace-period=10 --wait=false
kubectl get pod slow -o jsonpath='{.metadata.deletionTimestamp} {.metadata.deletionGracePeriodSeconds}{"\n"}'
kubectl delete pod slow --force --grace-period=0
kubectl get pod slow
