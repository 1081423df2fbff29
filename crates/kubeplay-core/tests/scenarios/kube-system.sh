# What kind create cluster leaves running: the control plane's static pods, kube-proxy and kindnet
# on every node, CoreDNS and the local-path provisioner, all a minute old when the session starts;
# the apiserver's kube-system ConfigMaps and the controller-manager's per-controller accounts.
kubectl get nodes
kubectl get pods -A -o wide
kubectl get daemonsets,deployments -A
kubectl get configmaps -n kube-system
# The apiserver's own ConfigMaps, and the accounts kube-controller-manager's controllers run as.
kubectl get cm -A
kubectl get cm -n kube-system kube-apiserver-legacy-service-account-token-tracking -o yaml
kubectl get cm -n kube-system extension-apiserver-authentication -o jsonpath='{.data.requestheader-allowed-names} {.data.requestheader-username-headers} {.data.requestheader-uid-headers}{"\n"}'
kubectl get sa -n kube-system
kubectl describe service kube-dns -n kube-system
kubectl logs -n kube-system -l k8s-app=kube-dns --prefix
kubectl exec -n kube-system deploy/coredns -- sh -c 'echo hi'
kubectl get pod -n kube-system etcd-kind-control-plane -o jsonpath='{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name} {.spec.priorityClassName} {.spec.priority} {.status.podIP}{"\n"}'
# A pod of the learner's may ask for a system priority class; a class nobody created does not exist.
kubectl apply -f - <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: important
spec:
  priorityClassName: system-cluster-critical
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
  priorityClassName: high
  containers:
  - name: app
    image: busybox
---
apiVersion: v1
kind: Pod
metadata:
  name: on-the-host
spec:
  hostNetwork: true
  containers:
  - name: app
    image: busybox
    command: ['sleep', '1d']
YAML
sleep 10s
kubectl get pods -o wide
kubectl get pod important -o jsonpath='{.spec.priority}{"\n"}'
# Deleting a CoreDNS pod: its ReplicaSet makes another.
kubectl delete pod -n kube-system -l k8s-app=kube-dns --wait=false
sleep 5s
kubectl get pods -n kube-system -l k8s-app=kube-dns
# A static pod outlives its mirror: the kubelet makes the mirror again at once (a new uid), and
# the container it runs was never stopped.
kubectl delete pod -n kube-system kube-apiserver-kind-control-plane
kubectl get pod -n kube-system kube-apiserver-kind-control-plane -o jsonpath='{.status.phase} {.status.containerStatuses[0].state.running.startedAt} {.metadata.creationTimestamp}{"\n"}'
