# A pod created with scheduling gates waits outside the scheduler's queue: the apiserver sets
# PodScheduled=False (SchedulingGated) and kubectl shows SchedulingGated. Gates may only be
# removed; once the last one is gone the pod is scheduled and starts.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: gated
spec:
  schedulingGates:
  - name: example.com/quota
  - name: example.com/approval
  containers:
  - name: app
    image: busybox
    command: ['sleep', '1d']
YAML
sleep 10s
kubectl get pod gated
kubectl get pod gated -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}'
kubectl describe pod gated | grep -A3 -E '^(Conditions|Events)'
kubectl patch pod gated --type=json -p '[{"op":"add","path":"/spec/schedulingGates/-","value":{"name":"example.com/more"}}]'
kubectl patch pod gated --type=json -p '[{"op":"remove","path":"/spec/schedulingGates/0"}]'
kubectl get pod gated
kubectl patch pod gated --type=json -p '[{"op":"remove","path":"/spec/schedulingGates"}]'
kubectl wait --for=condition=Ready pod/gated
kubectl get pod gated -o jsonpath='{range .status.conditions[*]}{.type}={.status}{"\n"}{end}'
kubectl get events --field-selector involvedObject.name=gated -o custom-columns=REASON:.reason,MESSAGE:.message
# Gate names are qualified names, each once.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: bad-gates
spec:
  schedulingGates:
  - name: Not_A/Qualified/Name
  - name: twice
  - name: twice
  containers:
  - name: app
    image: busybox
YAML
# A status sent with a create is dropped; the apiserver starts it afresh.
kubectl create -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: with-status
spec:
  schedulingGates:
  - name: example.com/hold
  containers:
  - name: app
    image: busybox
status:
  phase: Running
  podIP: 10.1.2.3
YAML
kubectl get pod with-status -o jsonpath='{.status.phase} {.status.podIP}{"\n"}'
