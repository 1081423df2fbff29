# kubectl replace -f: the manifest replaces the whole object (fields it leaves out are gone,
# unlike apply); a missing object is NotFound; a running pod cannot be replaced by its manifest,
# since the apiserver set fields the manifest does not have (node, token volume) and pod specs
# are immutable.
kubectl create configmap settings --from-literal=mode=fast --from-literal=level=3
kubectl replace -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: slow
YAML
kubectl get configmap settings -o jsonpath='{.data}{"\n"}'
kubectl replace -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: missing
data:
  a: b
YAML
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: sleep
spec:
  containers:
  - name: sleep
    image: busybox:1.36
    command: ['sleep', '1d']
YAML
kubectl wait --for=condition=Ready pod/sleep
kubectl replace -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: sleep
spec:
  containers:
  - name: sleep
    image: busybox:1.37
    command: ['sleep', '1d']
YAML
kubectl replace --force -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
YAML
kubectl replace
