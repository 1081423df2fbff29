# kind installs no metrics-server: the metrics.k8s.io API is not served, so kubectl top says so.
kubectl top pods
kubectl top node -A
kubectl top pod -A --containers
kubectl top nodes
kubectl top
kubectl top deployments
