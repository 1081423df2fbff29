# kubectl events: the namespace's Events in time order (Go's sort.Sort, which is not stable, so
# Events of the same second come in the order its swaps leave them), OBJECT as Kind/name, repeats
# as "(xN over ...)"; --for, --types, -A, --no-headers, -o.
kubectl events
kubectl run web --image=nginx
kubectl run broken --image=busybox --restart=Never -- sh -c 'exit 3'
kubectl create deployment api --image=nginx --replicas=2
sleep 30
kubectl events
kubectl events --for pod/web
kubectl events --for=deployment/api --no-headers
kubectl events --types=Warning
kubectl events --types=normal,warning --for pod/broken
kubectl events -A --types=Warning
kubectl events --for pod/web -o name | head -2
kubectl events --for pod/web -o jsonpath='{.kind} {.items[0].reason}{"\n"}'
kubectl events --types=Info
kubectl events --for web
kubectl events --for gadget/web
kubectl events --for pod/web/extra
kubectl events -n kube-public
# --watch: first every Event there is (list order, not sorted), then each new or repeated one.
kubectl delete pod broken
kubectl events --watch --for pod/web --request-timeout=5s
kubectl run bad --image=kiamol/ch03-sleep:no-such-tag
kubectl events -w --for pod/bad --request-timeout=60s
# get events: the apiserver's table (the last time alone, no "(xN over …)"), -o wide's SUBOBJECT
# (the container), SOURCE (component and host or reporting instance), FIRST SEEN, COUNT, NAME.
kubectl get events --field-selector involvedObject.name=bad
kubectl get events --field-selector involvedObject.name=bad -o wide
kubectl get events --field-selector involvedObject.name=bad,reason=Pulling -o jsonpath='{.items[0].involvedObject.fieldPath} {.items[0].source} {.items[0].reportingInstance}{"\n"}'
