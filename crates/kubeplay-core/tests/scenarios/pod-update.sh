# A Pod's spec is fixed once it exists: an update may change only the containers' images,
# activeDeadlineSeconds (set it, or lower it), tolerations (add some) and a negative grace
# period to 1. Anything else is refused with a diff of what changed; metadata changes freely.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: sleep
  labels:
    app: sleep
spec:
  containers:
  - name: sleep
    image: busybox:1.36
    command: ['sleep', '1d']
YAML
sleep 30
kubectl get pod sleep

# A changed command is refused, and the pod keeps running as it was.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: sleep
  labels:
    app: sleep
spec:
  containers:
  - name: sleep
    image: busybox:1.36
    command: ['sleep', '2d']
YAML
kubectl get pod sleep

# So is a changed restart policy.
kubectl patch pod sleep -p '{"spec":{"restartPolicy":"Never"}}'

# A new image is allowed: the kubelet restarts the container with it.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: sleep
  labels:
    app: sleep
spec:
  containers:
  - name: sleep
    image: busybox:1.37
    command: ['sleep', '1d']
YAML
sleep 60
kubectl get pod sleep
kubectl set image pod/sleep sleep=busybox:1.36
sleep 60
kubectl get pod sleep -o jsonpath='{.spec.containers[0].image} {.status.containerStatuses[0].restartCount}{"\n"}'
kubectl get events --field-selector involvedObject.name=sleep,reason=Killing

# activeDeadlineSeconds may be set, then only lowered, never raised or removed.
kubectl patch pod sleep -p '{"spec":{"activeDeadlineSeconds":3600}}'
kubectl patch pod sleep -p '{"spec":{"activeDeadlineSeconds":1800}}'
kubectl patch pod sleep -p '{"spec":{"activeDeadlineSeconds":7200}}'
kubectl patch pod sleep -p '{"spec":{"activeDeadlineSeconds":null}}'

# Tolerations may be added (the two the apiserver adds to every pod stay), not removed.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: sleep
  labels:
    app: sleep
spec:
  containers:
  - name: sleep
    image: busybox:1.36
    command: ['sleep', '1d']
  tolerations:
  - key: example.com/maintenance
    operator: Exists
    effect: NoSchedule
YAML
kubectl get pod sleep -o jsonpath='{.spec.tolerations[*].key}{"\n"}'
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: sleep
  labels:
    app: sleep
spec:
  containers:
  - name: sleep
    image: busybox:1.36
    command: ['sleep', '1d']
YAML

# Labels are metadata, not spec: they change freely.
kubectl label pod sleep tier=backend
kubectl get pod sleep --show-labels
