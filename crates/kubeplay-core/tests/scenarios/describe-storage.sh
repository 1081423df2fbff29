# kubectl describe for a claim bound by the local-path provisioner, its volume, the default
# StorageClass and a namespace.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 100Mi
---
apiVersion: v1
kind: Pod
metadata:
  name: writer
spec:
  containers:
    - name: app
      image: busybox
      command: ["sleep", "3600"]
      volumeMounts:
        - name: data
          mountPath: /data
  volumes:
    - name: data
      persistentVolumeClaim:
        claimName: data
YAML
kubectl describe pvc data
kubectl wait --for=condition=Ready pod/writer --timeout=2m
kubectl describe pvc data
kubectl describe pv
kubectl describe sc standard
kubectl describe ns default
