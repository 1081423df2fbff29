# Events live for the apiserver's --event-ttl (1h), counted from their last write; etcd's lease
# manager shares one lease among writes within a minute and gives it 60 s extra, so an Event goes
# between 60 and 61 minutes after it was last written.
kubectl apply -f - <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: sleeper
spec:
  containers:
  - name: sleeper
    image: busybox
    command: ["sleep", "5400"]
YAML
sleep 30s
kubectl get events
sleep 59m
kubectl get events
sleep 90s
kubectl get events
sleep 30m
kubectl get events
kubectl get pod sleeper
