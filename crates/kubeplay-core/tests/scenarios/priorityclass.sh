# PriorityClasses: the apiserver's two system classes, a learner's own classes, and the Priority
# admission plugin that gives every new pod a priority and preemptionPolicy from its class, or
# from the class marked globalDefault when it names none.
kubectl get priorityclasses
kubectl get pc system-node-critical -o yaml
kubectl describe pc system-cluster-critical
# The system classes cannot be deleted, and `system-` names are theirs alone.
kubectl delete pc system-node-critical
kubectl create -f - <<'YAML'
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: system-mine
value: 100
YAML
kubectl create -f - <<'YAML'
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: too-high
value: 1000000001
YAML
kubectl apply -f - <<'YAML'
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: high
value: 1000000
description: "Pods that should be scheduled first."
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: background
value: -10
globalDefault: true
preemptionPolicy: Never
description: "Everything that names no class."
YAML
kubectl get pc
kubectl describe pc background
# Only one class may be the default.
kubectl create -f - <<'YAML'
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: another-default
value: 5
globalDefault: true
YAML
# A class's value and preemptionPolicy are fixed once created; its description is not.
kubectl patch pc high -p '{"description": "Pods to schedule first."}'
kubectl get pc high -o jsonpath='{.metadata.generation} {.description}{"\n"}'
kubectl patch pc high -p '{"value": 7}'
kubectl patch pc high -p '{"preemptionPolicy": "Never"}'
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: urgent
spec:
  priorityClassName: high
  containers:
  - name: app
    image: busybox
    command: ['sleep', '1d']
---
apiVersion: v1
kind: Pod
metadata:
  name: plain
spec:
  containers:
  - name: app
    image: busybox
    command: ['sleep', '1d']
---
apiVersion: v1
kind: Pod
metadata:
  name: wishful
spec:
  priorityClassName: highest
  containers:
  - name: app
    image: busybox
---
apiVersion: v1
kind: Pod
metadata:
  name: insistent
spec:
  priorityClassName: high
  priority: 5
  containers:
  - name: app
    image: busybox
---
apiVersion: v1
kind: Pod
metadata:
  name: pushy
spec:
  preemptionPolicy: PreemptLowerPriority
  containers:
  - name: app
    image: busybox
YAML
kubectl get pods -o custom-columns=NAME:.metadata.name,CLASS:.spec.priorityClassName,PRIORITY:.spec.priority,PREEMPTION:.spec.preemptionPolicy
kubectl describe pod plain | grep -i priority
# Without a default class, a pod that names none has priority 0 again.
kubectl delete pc background
kubectl run late --image=busybox -- sleep 1d
kubectl get pod late -o jsonpath='{.spec.priority} {.spec.preemptionPolicy} [{.spec.priorityClassName}]{"\n"}'
# kubectl's generator makes the same object from flags.
kubectl create priorityclass batch-low --value=-100 --description="batch work" --preemption-policy=Never
kubectl create pc night --value=5 --global-default --dry-run=client -o yaml
kubectl create priorityclass batch-low --value=1
kubectl create priorityclass system-mine --value=1
kubectl create priorityclass odd --value=1 --preemption-policy=Sometimes
kubectl create priorityclass odd --value=high
kubectl get pc batch-low
