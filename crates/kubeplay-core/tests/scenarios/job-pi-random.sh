# The seed's pi-job-random (kiamol ch08/pi/pi-job-random.yaml): three pods at once, each init
# container writes $RANDOM into an emptyDir and the pi container computes that many places.
kubectl apply -f manifests/pi/pi-job-random.yaml
kubectl get pods -l job-name=pi-job-random
sleep 5
kubectl get pods -l job-name=pi-job-random
kubectl get job pi-job-random
sleep 1m
kubectl get pods -l job-name=pi-job-random
kubectl get job pi-job-random
kubectl describe job pi-job-random
kubectl logs job/pi-job-random --limit-bytes=60
echo
