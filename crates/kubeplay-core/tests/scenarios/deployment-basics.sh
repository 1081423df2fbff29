# A Deployment: its ReplicaSet (named with the pod-template-hash), pods, scaling, events and
# rollout status.
kubectl apply -f manifests/sleep/deployment.yaml
kubectl get deploy,rs,pods
kubectl get rs -o jsonpath='{.items[0].metadata.annotations}{"\n"}'
kubectl get rs -o jsonpath='{.items[0].spec.selector.matchLabels}{"\n"}'
kubectl rollout status deploy/sleep --timeout=2m
kubectl get deploy sleep -o wide
kubectl get deploy sleep -o jsonpath='{range .status.conditions[*]}{.type} {.status} {.reason}: {.message}{"\n"}{end}'
kubectl scale deploy sleep --replicas=3
kubectl rollout status deploy/sleep --timeout=2m
kubectl get deploy,rs
kubectl scale deploy sleep --replicas=1
sleep 1m
kubectl get deploy,rs,pods
kubectl get events --field-selector involvedObject.kind=Deployment
kubectl get events --field-selector involvedObject.kind=ReplicaSet
