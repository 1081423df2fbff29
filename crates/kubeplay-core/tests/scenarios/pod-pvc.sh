# A claim on the default StorageClass (WaitForFirstConsumer) is provisioned when its first pod is
# scheduled; the files written there outlive the pod and are seen by the next one.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 5Mi
YAML
kubectl get pvc
kubectl get events --field-selector involvedObject.name=data
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: writer
spec:
  restartPolicy: Never
  containers:
  - name: w
    image: busybox:1.36
    command: ['sh', '-c', 'date > /data/first-write; echo written']
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
YAML
sleep 1
kubectl get pvc,pods
sleep 10
kubectl get pvc data
kubectl get pv
kubectl get pods
kubectl delete pod writer
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: reader
spec:
  containers:
  - name: r
    image: kiamol/ch03-sleep
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
YAML
kubectl wait --for=condition=Ready pod/reader
kubectl exec reader -- cat /data/first-write
kubectl delete pvc data --wait=false
kubectl get pvc data
kubectl delete pod reader
kubectl get pvc,pv
kubectl get events --field-selector involvedObject.kind=PersistentVolumeClaim
