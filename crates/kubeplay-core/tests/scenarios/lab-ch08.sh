# The chapter 8 lab (kiamol ch08/lab): nginx as a single Pod writing its logs to an emptyDir,
# then as a StatefulSet with a claim per Pod, and a Job that mounts all three claims to size the
# logs. The lab's starting Job manifest is deliberately wrong (apiVersion v1, no template).
kubectl apply -f manifests/lab/nginx/
kubectl get svc nginx -o jsonpath='http://{.status.loadBalancer.ingress[0].*}:8088'
echo
kubectl apply -f manifests/lab/disk-calc-job.yaml
kubectl apply -f manifests/lab/solution/nginx-statefulset.yaml
kubectl rollout status statefulset/nginx-stateful --timeout=2m
kubectl get pods,pvc -l kiamol=ch08-lab
kubectl get pods -l app=nginx-stateful
# Traffic through the Service, from a Pod in the cluster.
kubectl run client --image=kiamol/ch03-sleep -- sleep 1d
kubectl wait --for=condition=Ready pod/client
kubectl exec client -- sh -c 'for i in $(seq 1 100); do wget -q -O /dev/null http://nginx:8088; done'
kubectl exec nginx-stateful-0 -- sh -c 'ls -l /var/log/nginx; tail -2 /var/log/nginx/access.log'
kubectl apply -f manifests/lab/solution/disk-calc-job.yaml
kubectl wait --for=condition=complete job/disk-calc --timeout=2m
kubectl logs -l job-name=disk-calc
kubectl delete all -l kiamol=ch08-lab
kubectl delete pvc -l kiamol=ch08-lab
kubectl get all,pvc -l kiamol=ch08-lab
