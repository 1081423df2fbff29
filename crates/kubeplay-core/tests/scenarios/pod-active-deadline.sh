# A pod's own spec.activeDeadlineSeconds: once it has run that long on its node, the kubelet
# records DeadlineExceeded, stops the containers with the pod's grace period (sleep ignores
# SIGTERM as PID 1, so SIGKILL after 10 s), and the pod ends Failed with reason DeadlineExceeded;
# it is not restarted and not deleted. While the grace period runs, the phase stays Running but
# the pod is no longer Ready; afterwards `kubectl get` shows the killed container's reason (Error).
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: limited
spec:
  activeDeadlineSeconds: 30
  terminationGracePeriodSeconds: 10
  containers:
  - name: app
    image: busybox
    command: ['sleep', '1d']
YAML
kubectl wait --for=condition=Ready pod/limited
sleep 25
kubectl get pod limited
sleep 10
kubectl get pod limited
kubectl get pod limited -o jsonpath='{.status.phase} {.status.reason}: {.status.message}{"\n"}{range .status.conditions[*]}{.type}={.status} {.reason}{"\n"}{end}'
sleep 10
kubectl get pod limited
kubectl get pod limited -o jsonpath='{.status.phase} {.status.reason}: {.status.message}{"\n"}{.status.containerStatuses[0].state.terminated.exitCode} {.status.containerStatuses[0].state.terminated.reason}{"\n"}'
kubectl describe pod limited | grep -E '^(Status|Reason|Message):|DeadlineExceeded|Killing'
# The deadline may be set on a running pod, or lowered; the kubelet counts from the pod's start.
kubectl run later --image=busybox -- sleep 1d
kubectl wait --for=condition=Ready pod/later
kubectl patch pod later -p '{"spec":{"activeDeadlineSeconds":5}}'
sleep 40
kubectl get pod later
kubectl patch pod later -p '{"spec":{"activeDeadlineSeconds":600}}'
