# kubectl replace -f: the manifest replaces the whole object (fields it leaves out are gone,
# unlike apply); a missing object is NotFound; a running pod cannot be replaced by its manifest,
# since the apiserver set fields the manifest does not have (node, token volume) and pod specs
# are immutable. `--force` deletes and re-creates instead, as kubectl's forceReplace does.
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
# --force deletes the pod (gracefully: its 30 s), polls once a second until it is gone, then
# creates it from the manifest.
kubectl replace --force -f - <<'YAML'
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
kubectl get pod sleep -o jsonpath='{.spec.containers[0].image}{"\n"}'
kubectl get events --field-selector involvedObject.name=sleep --sort-by=.lastTimestamp
# What does not exist yet is simply created; -o name prints resource/name.
kubectl replace --force -o name -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: created-by-replace
YAML
# --grace-period=0 is read as 1 plus a wait, and needs --force like --timeout does.
kubectl replace --grace-period=0 -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
YAML
kubectl replace --timeout=10s -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
YAML
kubectl replace --force --dry-run=client -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
YAML
kubectl replace --force --grace-period=x -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
YAML
kubectl replace --force --cascade=false --grace-period=0 -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: sleep
spec:
  terminationGracePeriodSeconds: 5
  containers:
  - name: sleep
    image: busybox:1.36
    command: ['sleep', '1d']
YAML
kubectl get pod sleep -o jsonpath='{.spec.containers[0].image}{"\n"}'
# A client dry run sends nothing: the object is printed as it would be sent.
kubectl replace --dry-run=client -o yaml -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: dry
YAML
kubectl get configmap settings -o jsonpath='{.data}{"\n"}'
kubectl replace
