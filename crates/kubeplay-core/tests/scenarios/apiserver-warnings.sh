# The apiserver's warnings: the write goes through, and kubectl prints each text once as
# `Warning: ...` on stderr. Pod names are hostnames (a DNS label is recommended); duplicate env
# names and port definitions, fractional bytes, negative grace periods and deprecated node labels
# are all accepted with a warning. An unchanged apply sends nothing, so it draws no warning.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: web.v1
spec:
  terminationGracePeriodSeconds: -5
  nodeSelector:
    beta.kubernetes.io/arch: amd64
  containers:
  - name: app
    image: busybox
    command: ['sleep', '1d']
    env:
    - name: MODE
      value: fast
    - name: MODE
      value: slow
    ports:
    - containerPort: 80
    - containerPort: 80
    resources:
      requests:
        memory: "1.5"
YAML
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: web.v1
spec:
  terminationGracePeriodSeconds: -5
  nodeSelector:
    beta.kubernetes.io/arch: amd64
  containers:
  - name: app
    image: busybox
    command: ['sleep', '1d']
    env:
    - name: MODE
      value: fast
    - name: MODE
      value: slow
    ports:
    - containerPort: 80
    - containerPort: 80
    resources:
      requests:
        memory: "1.5"
YAML
kubectl wait --for=condition=Ready pod/web.v1
kubectl get pod web.v1 -o jsonpath='{.spec.terminationGracePeriodSeconds} {.status.phase}{"\n"}'
# A negative grace period is read as 1 s when the pod is deleted.
kubectl delete pod web.v1
kubectl get events --field-selector involvedObject.name=web.v1 -o custom-columns=REASON:.reason,MESSAGE:.message | tail -2
kubectl create deployment api.v2 --image=nginx
kubectl create job calc --image=busybox -- sh -c 'echo $((6*7))'
kubectl run dup --image=busybox --env=A=1 --env=A=2 -- sleep 1d
