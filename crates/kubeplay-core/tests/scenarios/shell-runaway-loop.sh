# A loop that never ends is stopped by kubeplay's bound on commands, never a hang.
kubectl create configmap c --from-literal=k=v
while true; do :; done
echo "not reached"
