# A downwardAPI volume (tmpfs, AtomicWriter layout) with the pod's labels and annotations: a
# label or annotation change is an update of the pod, which the kubelet syncs at once, so the
# files follow within a fraction of a second (kubeplay: the same instant); the env var from the
# same field never changes. (`create`, so no last-applied annotation shows in the file.)
kubectl create -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: info
  labels:
    app: info
  annotations:
    build: "1"
spec:
  containers:
  - name: info
    image: busybox:1.36
    command: ['sleep', 'infinity']
    env:
    - name: APP_LABEL
      valueFrom:
        fieldRef:
          fieldPath: metadata.labels['app']
    volumeMounts:
    - name: podinfo
      mountPath: /etc/podinfo
  volumes:
  - name: podinfo
    downwardAPI:
      items:
      - path: labels
        fieldRef:
          fieldPath: metadata.labels
      - path: annotations
        fieldRef:
          fieldPath: metadata.annotations
      - path: meta/name
        fieldRef:
          fieldPath: metadata.name
YAML
kubectl wait --for=condition=Ready pod/info --timeout=2m
kubectl exec info -- ls -la /etc/podinfo
kubectl exec info -- sh -c 'cat /etc/podinfo/labels; echo; cat /etc/podinfo/meta/name; echo'
sleep 2m
kubectl label pod info app=renamed tier=web --overwrite
kubectl annotate pod info build=2 --overwrite
kubectl exec info -- sh -c 'cat /etc/podinfo/labels; echo; cat /etc/podinfo/annotations; echo; echo APP_LABEL=$APP_LABEL'
kubectl exec info -- ls -la /etc/podinfo
