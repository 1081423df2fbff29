# Text tools after a pipe run on the workstation: GNU coreutils and grep, as on a Linux terminal.
kubectl apply -f manifests/todo-db/
kubectl apply -f manifests/pi/pi-job.yaml
sleep 45s
kubectl get pods
kubectl get pods | grep Running
kubectl get pods | grep -v NAME | wc -l
kubectl get pods -o name | wc -l
kubectl get pods --no-headers | cut -d' ' -f1
kubectl get pods -o name | sort -r | head -n 2
kubectl get pods | tail -n +2 | sort -k3,3 -k1,1
kubectl get pods -o jsonpath='{.items[*].status.phase}' | tr ' ' '\n' | sort | uniq -c
kubectl logs job/pi-job | head -c 20; echo
kubectl get secret todo-db-secret -o jsonpath='{.data.POSTGRES_PASSWORD}' | base64 -d; echo
echo -n kiamol-2*2* | base64
# busybox in a container has base64 too.
kubectl exec todo-db-0 -- sh -c 'echo -n kiamol | base64; echo a2lhbW9s | base64 -d; echo'
echo -e 'name\tphase' && kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.status.phase}{"\n"}{end}' | sort
kubectl get secret todo-db-secret -o yaml | grep -A2 '^data:'
kubectl describe pod todo-db-0 | grep -E '^(Name|Node|Status):'
kubectl get pods -o wide | grep -c todo-db
kubectl get pods | grep Pending; echo "grep found nothing: $?"
kubectl get pods | grep -q Running && echo "something is running"
kubectl get pods | wc
kubectl get pods -o name | wc -w
# Files given as arguments are the scenario's files.
grep -n kind manifests/todo-db/02-service.yaml
wc -l manifests/todo-db/01-secret.yaml manifests/todo-db/02-service.yaml
head -n 3 manifests/pi/pi-job.yaml
cat manifests/todo-db/01-secret.yaml | grep POSTGRES
grep image: manifests/pi/pi-job.yaml manifests/todo-db/03-statefulset.yaml
# GNU's words when something is wrong.
cat manifests/nope.yaml
head -n x manifests/pi/pi-job.yaml
grep
kubectl get pods | grep -P 'todo-db-\d'
echo 'a2lhbW9s*' | base64 -d; echo " (status $?)"
kubectl get pods | tail -f manifests/pi/pi-job.yaml
