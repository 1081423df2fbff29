# The liveness-exec example of the Kubernetes docs, with a 10s grace period. After three failed
# probes the kubelet kills the container like any kill: SIGTERM, which a shell running as PID 1
# ignores, then SIGKILL once terminationGracePeriodSeconds has passed; then it starts it again.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: liveness-exec
spec:
  terminationGracePeriodSeconds: 10
  containers:
  - name: liveness
    image: busybox:1.36
    args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600']
    livenessProbe:
      exec:
        command: ['cat', '/tmp/healthy']
      initialDelaySeconds: 5
      periodSeconds: 5
YAML
sleep 47
kubectl get pods
kubectl get events --field-selector involvedObject.name=liveness-exec
sleep 9
kubectl get pods
sleep 2
kubectl get pods
kubectl get pod liveness-exec -o jsonpath='{.status.containerStatuses[0].lastState.terminated.reason} {.status.containerStatuses[0].lastState.terminated.exitCode} {.status.containerStatuses[0].lastState.terminated.finishedAt}{"\n"}'
kubectl get events --field-selector involvedObject.name=liveness-exec
# A probe's own terminationGracePeriodSeconds replaces the pod's (30s) for the kill it causes.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: probe-grace
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ['sleep', '3600']
    livenessProbe:
      exec:
        command: ['sh', '-c', 'exit 1']
      initialDelaySeconds: 5
      periodSeconds: 20
      failureThreshold: 1
      terminationGracePeriodSeconds: 3
YAML
sleep 10
kubectl get pod probe-grace
kubectl get pod probe-grace -o jsonpath='{.status.containerStatuses[0].lastState.terminated.exitCode} {.status.containerStatuses[0].lastState.terminated.startedAt} {.status.containerStatuses[0].lastState.terminated.finishedAt}{"\n"}'
kubectl get events --field-selector involvedObject.name=probe-grace
# nginx stops at once on SIGTERM: the kubelet starts it again in the same sync, and the probe
# worker, which outlives the container, probes the new one at its next tick.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    livenessProbe:
      httpGet:
        path: /
        port: 8080
      periodSeconds: 3
      failureThreshold: 2
YAML
sleep 10
kubectl get pod web
kubectl get pod web -o jsonpath='{.status.containerStatuses[0].lastState.terminated.reason} {.status.containerStatuses[0].lastState.terminated.exitCode}{"\n"}'
kubectl get events --field-selector involvedObject.name=web
