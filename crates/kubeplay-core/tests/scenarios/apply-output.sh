# -o and --dry-run on apply, create -f and replace: the printer kubectl's PrintFlags pick, and
# a client dry run that sends nothing (apply still looks the object up: an existing one is
# printed as it is, "configured"). Several objects: apply -o yaml prints one List, create a
# YAML stream.
kubectl apply --dry-run=client -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
YAML
kubectl get configmaps
kubectl apply --dry-run=client -o yaml -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
YAML
kubectl apply -o name -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
YAML
kubectl apply --dry-run=client -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: slow
YAML
kubectl get configmap settings -o jsonpath='{.data.mode}{"\n"}'
kubectl apply -o jsonpath='{.metadata.name}{" "}{.data.mode}{"\n"}' -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: slow
YAML
kubectl apply -o yaml -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: one
---
apiVersion: v1
kind: Secret
metadata:
  name: two
stringData:
  password: kiamol
YAML
kubectl create --dry-run=client -o yaml -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: three
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: four
  namespace: kube-system
YAML
kubectl create -o json -f - <<'YAML'
apiVersion: v1
kind: ServiceAccount
metadata:
  name: five
YAML
kubectl get configmaps,serviceaccounts
kubectl apply --dry-run=maybe -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: six
YAML
kubectl create -o table -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: six
YAML
# label, annotate, patch and scale print with -o too.
kubectl label configmap settings tier=config -o name
kubectl annotate configmap settings note=hi -o jsonpath='{.metadata.annotations.note}{"\n"}'
kubectl patch configmap settings -p '{"data":{"mode":"slow"}}' -o name
kubectl patch configmap settings -p '{"data":{"mode":"fast"}}' -o jsonpath='{.data.mode}{"\n"}'
kubectl create deployment web --image=nginx --replicas=1
kubectl scale deployment web --replicas=2 -o jsonpath='{.spec.replicas}{"\n"}'
kubectl label configmap settings tier=config -o bogus
# apply over an object made imperatively warns (and adds the annotation); --save-config stores it
# at create time, the object as kubectl encoded it.
kubectl create configmap imperative --from-literal=a=b
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: imperative
data:
  a: c
YAML
kubectl create --save-config -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: saved
YAML
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: saved
data:
  x: z
YAML
kubectl create deployment api --image=nginx --save-config --dry-run=client -o yaml
# --dry-run=server: the apiserver defaults, admits and validates the object (uid, creation time,
# a generated name, a Service's cluster IP) and stores nothing; its errors are the real ones.
kubectl apply --dry-run=server -o yaml -f - <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: preview
spec:
  selector:
    app: web
  ports:
  - port: 80
YAML
kubectl get service preview
kubectl create --dry-run=server -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
YAML
kubectl apply --dry-run=server -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: server
YAML
kubectl get configmap settings -o jsonpath='{.data.mode}{"\n"}'
kubectl replace --dry-run=server -o jsonpath='{.data.mode} {.metadata.resourceVersion}{"\n"}' -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: replaced
YAML
kubectl create deployment later --image=nginx --dry-run=server -o jsonpath='{.metadata.uid} {.spec.template.spec.containers[0].imagePullPolicy}{"\n"}'
kubectl create deployment later --image=nginx
kubectl get deployment later -o jsonpath='{.metadata.uid}{"\n"}'
