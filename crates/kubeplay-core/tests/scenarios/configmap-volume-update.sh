# ConfigMap and Secret volumes as the kubelet's AtomicWriter lays them out: each key is a link
# KEY -> ..data/KEY, ..data a link to a timestamped directory holding the files (secret, projected
# and downwardAPI volumes are tmpfs, configMap volumes a directory on the node's disk). A change
# to the ConfigMap reaches the files at the pod's next sync (every minute plus up to 30 s of
# jitter), as a new timestamped directory and one swap of ..data; the subPath mount and the
# environment variable keep what the container started with. Items with a path below a
# directory are linked through their top-level name.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  app.conf: |
    color=blue
  mode: dev
---
apiVersion: v1
kind: Secret
metadata:
  name: app-secret
stringData:
  password: s3cret
---
apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ['sleep', 'infinity']
    env:
    - name: MODE
      valueFrom:
        configMapKeyRef:
          name: app-config
          key: mode
    volumeMounts:
    - name: config
      mountPath: /config
    - name: secret
      mountPath: /secrets
    - name: config
      mountPath: /etc/app.conf
      subPath: app.conf
    - name: nested
      mountPath: /nested
  volumes:
  - name: config
    configMap:
      name: app-config
  - name: secret
    secret:
      secretName: app-secret
      defaultMode: 0400
  - name: nested
    configMap:
      name: app-config
      items:
      - key: app.conf
        path: conf/app/app.conf
        mode: 0600
YAML
kubectl wait --for=condition=Ready pod/app --timeout=2m
kubectl exec app -- ls -la /config
kubectl exec app -- ls -la /secrets
kubectl exec app -- cat /config/app.conf /secrets/password
echo
kubectl exec app -- ls -l /etc/app.conf
kubectl exec app -- ls -laR /nested
kubectl exec app -- readlink /config/app.conf
kubectl exec app -- readlink -f /config/app.conf
kubectl exec app -- ls -la /var/run/secrets/kubernetes.io/serviceaccount
kubectl exec app -- sh -c '[ -L /config/app.conf ] && [ -f /config/app.conf ] && echo "a link to a regular file"'
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  app.conf: |
    color=green
  mode: prod
YAML
kubectl exec app -- cat /config/app.conf
sleep 90s
kubectl exec app -- cat /config/app.conf /etc/app.conf
kubectl exec app -- cat /config/mode
echo
kubectl exec app -- sh -c 'echo MODE=$MODE'
kubectl exec app -- ls -la /config
kubectl exec app -- ls -lR /nested
# The ConfigMap is deleted: the next remount fails and is retried with backoff; the files stay.
kubectl delete configmap app-config
sleep 90s
kubectl get events --field-selector involvedObject.name=app,reason=FailedMount
kubectl exec app -- cat /config/app.conf
