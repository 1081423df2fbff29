# kubectl get --watch: the list, then one line per write to a matching object, in columns that
# only ever widen (the tab writer remembers widths across flushes). A script cannot press Ctrl-C:
# --request-timeout ends the watch as it ends the watch request; without it kubeplay stops after
# five minutes of simulated time and says so.
kubectl get pods --watch --request-timeout=5s
kubectl create deployment web --image=nginx --replicas=2
kubectl get pods -l app=web -w --request-timeout=20s
kubectl scale deployment web --replicas=1
kubectl get pods -l app=web --watch-only --output-watch-events --request-timeout=45s
kubectl get deployment web -w -o name --request-timeout=10s
kubectl run once --image=busybox --restart=Never -- sh -c 'sleep 30'
kubectl get pod once -w
kubectl get pod once -w -o jsonpath='{.status.phase}{"\n"}' --request-timeout=1s
kubectl get pods,services -w
kubectl get pod missing -w
kubectl get pods -w --request-timeout=soon
