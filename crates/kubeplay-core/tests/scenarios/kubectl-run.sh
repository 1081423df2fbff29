# kubectl run: the Pod the BasicPod generator builds (label run=NAME, a container named NAME,
# args after `--`, or the command with --command), dry runs, and kubectl's errors in its order.
kubectl run web --image=nginx:1.27
kubectl run web --image=nginx:1.27
kubectl get pods --show-labels
kubectl run nginx --image=nginx --dry-run=client -o yaml
kubectl run nginx --image=nginx --dry-run=client -o json
kubectl run nginx --image=nginx --dry-run=client
kubectl run nginx --image=nginx --dry-run=server -o name
kubectl run box --image=busybox:1.36 --restart=Never --env=GREETING=hello --env=EMPTY= --port=8080 -l app=box,tier=demo --annotations=owner=kiamol --image-pull-policy=IfNotPresent --command -- sh -c 'echo $GREETING'
kubectl get pod box -o jsonpath='{.spec.containers[0].command} {.spec.restartPolicy} {.metadata.labels} {.metadata.annotations}{"\n"}'
kubectl run sleeper --image=busybox:1.36 -- sleep 3600
kubectl get pod sleeper -o jsonpath='{.spec.containers[0].args}{"\n"}'
kubectl run -n kube-system probe --image=busybox --dry-run=client -o yaml -- sleep 1
sleep 30
kubectl get pods
kubectl logs box
# Errors, in the order kubectl checks them.
kubectl run x
kubectl run --image=nginx
kubectl run x --image=
kubectl run x --image=Nginx:latest
kubectl run x --image=nginx -t
kubectl run x --image=nginx --restart=Sometimes
kubectl run x --image=nginx --rm
kubectl run x --image=nginx -i --dry-run=client
kubectl run x --image=nginx --image-pull-policy=Sometimes
kubectl run x --image=nginx --pod-running-timeout=0s
kubectl run x --image=nginx --env=1X=y
kubectl run x --image=nginx -l app
kubectl run x --image=nginx -o wide
kubectl run x --image=nginx --dry-run=maybe
kubectl run x --image=nginx -n nowhere
kubectl run My_Pod --image=nginx
