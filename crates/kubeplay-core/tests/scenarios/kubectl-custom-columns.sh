# kubectl get -o custom-columns and custom-columns-file (headers as given, JSONPath with or without
# braces, every result joined with commas, Go's formatting of maps and lists, <none>), and
# kubectl api-resources for the kinds kubeplay serves.
kubectl create deployment web --image=nginx:1.27 --replicas=2 --port=80
kubectl run solo --image=busybox:1.36 -l app=solo,tier=x -- sleep 3600
sleep 10
kubectl get pods -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image,NODE:{.spec.nodeName},IP:status.podIP
kubectl get pods -o custom-columns=NAME:.metadata.name,LABELS:.metadata.labels,PORTS:.spec.containers[0].ports,MISSING:.spec.nope --sort-by=.metadata.name
kubectl get pods -o custom-columns=N:.metadata.name,R:.status.containerStatuses[0].restartCount,X:.spec.containers[3].name --no-headers
kubectl get pod solo -o custom-columns=POD:metadata.name,READY:.status.containerStatuses[0].ready
kubectl get deploy,svc -o custom-columns=KIND:.kind,NAME:.metadata.name
kubectl get pods -o custom-columns-file=columns/pods.txt
kubectl get pods -o custom-columns-file=columns/nope.txt
kubectl get pods -o custom-columns
kubectl get pods -o custom-columns=NAME
kubectl get pods -o custom-columns=A:{.a}{.b}
kubectl get cm -n nowhere -o custom-columns=NAME:.metadata.name
kubectl get pod missing -o custom-columns=NAME:.metadata.name
kubectl api-resources
kubectl api-resources --namespaced=false
kubectl api-resources --api-group=apps -o name
kubectl api-resources --sort-by=kind --no-headers
kubectl api-resources --categories=all
kubectl api-resources --sort-by=age
kubectl api-resources -o json
kubectl api-resources -o table
kubectl api-resources pods
# --show-kind names the kind even for one type; -o jsonpath-as-json prints each expression's
# results as a JSON array; go-template is not simulated.
kubectl get pods --show-kind
kubectl get pods -o jsonpath-as-json='{.items[*].metadata.name}{.items[0].spec.containers[0].image}'
kubectl get pods -o go-template='{{range .items}}{{.metadata.name}}{{end}}'
kubectl label pod solo stage=b -o jsonpath-as-json='{.metadata.labels}'
