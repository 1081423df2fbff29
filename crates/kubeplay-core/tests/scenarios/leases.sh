# Leases: every kubelet renews its node's Lease in kube-node-lease every 10 seconds (with up to 4%
# jitter), and kube-controller-manager and kube-scheduler renew their leader-election Leases in
# kube-system every 2 seconds. A deleted node lease comes back at its kubelet's next renewal.
kubectl get leases -A
kubectl get lease -n kube-node-lease kind-worker -o yaml
kubectl get lease -n kube-system kube-scheduler -o yaml
sleep 35s
kubectl get leases -n kube-node-lease -o custom-columns=NAME:.metadata.name,RENEWED:.spec.renewTime,DURATION:.spec.leaseDurationSeconds
kubectl get lease -n kube-system kube-controller-manager -o jsonpath='{.spec.acquireTime} {.spec.renewTime} {.spec.leaseTransitions}{"\n"}'
kubectl describe lease -n kube-node-lease kind-control-plane
kubectl delete lease -n kube-node-lease kind-worker2
sleep 11s
kubectl get leases -n kube-node-lease
# A deleted leader lease is taken again by the same leader at its next try.
kubectl delete lease -n kube-system kube-scheduler
sleep 3s
kubectl get lease -n kube-system kube-scheduler -o jsonpath='{.spec.holderIdentity} {.spec.acquireTime} {.spec.leaseTransitions}{"\n"}'
