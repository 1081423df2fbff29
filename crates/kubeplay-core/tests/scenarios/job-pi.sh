# The seed's pi-job (kiamol ch08/pi/pi-job.yaml): one pod computes π to 50 places and completes.
kubectl apply -f manifests/pi/pi-job.yaml
kubectl get jobs
kubectl get pods -l job-name=pi-job
sleep 10
kubectl get jobs
kubectl get pods -l job-name=pi-job
kubectl logs job/pi-job
kubectl get job pi-job -o wide
kubectl get pod -l job-name=pi-job -o jsonpath='{.items[0].metadata.ownerReferences[0].kind}/{.items[0].metadata.ownerReferences[0].name} finalizers={.items[0].metadata.finalizers}{"\n"}'
kubectl get job pi-job -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}'
kubectl describe job pi-job
kubectl wait --for=condition=complete job/pi-job --timeout=10s
kubectl delete job pi-job
kubectl get pods
