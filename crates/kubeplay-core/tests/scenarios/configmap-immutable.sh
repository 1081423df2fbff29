# Immutable ConfigMaps and Secrets: the apiserver refuses any change to their data (or clearing
# the flag), and the kubelet stops watching them once it has read one, so a pod keeps the files
# it first got even when the ConfigMap is deleted and created again with other data. A Secret's
# type can never change.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: greeting
immutable: true
data:
  message: hello
---
apiVersion: v1
kind: Secret
metadata:
  name: token
type: Opaque
immutable: true
stringData:
  token: abc
---
apiVersion: v1
kind: Pod
metadata:
  name: reader
spec:
  containers:
  - name: reader
    image: busybox:1.36
    command: ['sleep', 'infinity']
    volumeMounts:
    - name: greeting
      mountPath: /greeting
  volumes:
  - name: greeting
    configMap:
      name: greeting
YAML
kubectl wait --for=condition=Ready pod/reader --timeout=2m
kubectl exec reader -- cat /greeting/message
echo
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: greeting
immutable: true
data:
  message: goodbye
YAML
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: greeting
immutable: false
data:
  message: goodbye
YAML
kubectl patch secret token -p '{"stringData":{"token":"xyz"}}'
kubectl patch secret token -p '{"type":"example.com/token"}'
kubectl label configmap greeting tier=demo
kubectl delete configmap greeting
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: greeting
data:
  message: goodbye
YAML
sleep 90s
kubectl exec reader -- cat /greeting/message
echo
kubectl get events --field-selector involvedObject.name=reader,type=Warning
