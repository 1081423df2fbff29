# kubectl run -i/-it/--attach: kubectl waits for the pod to run, shows its output (the attach, or
# the log when the container finished first), waits for the exit code of a Never pod, deletes it
# with --rm and exits with the container's code.
kubectl apply -f manifests/todo-db/
kubectl rollout status sts/todo-db --timeout=5m
kubectl run -it --rm dns-test --image=busybox:1.36 --restart=Never -- nslookup todo-db
kubectl run -i --rm counter --image=busybox:1.36 --restart=Never -- sh -c 'for i in 1 2 3; do echo tick $i; sleep 2; done'
kubectl run -it --rm shell --image=busybox:1.36 -- sh -c 'echo hello from the shell; sleep 1'
kubectl get pods
kubectl run --attach once --image=busybox:1.36 --restart=Never -- echo attached
kubectl get pod once
kubectl run -q -i --rm quiet --image=busybox:1.36 --restart=Never -- sh -c 'sleep 1; echo quietly'
kubectl run -it --rm slow --image=postgres:16 --restart=Never --pod-running-timeout=2s -- echo never
kubectl get pods
# The exit status of the script is the container's: 3.
kubectl run -it --rm failing --image=busybox:1.36 --restart=Never -- sh -c 'echo about to fail; sleep 1; exit 3'
