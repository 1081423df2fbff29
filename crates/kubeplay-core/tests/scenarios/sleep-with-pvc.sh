# The seed's sleep-with-pvc (kiamol ch08): each pod gets its own claim from volumeClaimTemplates;
# a replaced pod keeps its name, hostname and claim, so the file written before is still there,
# and its DNS name resolves again, to its new IP.
kubectl apply -f manifests/sleep-with-pvc/sleep-with-pvc.yaml
kubectl apply -f manifests/sleep/deployment.yaml
sleep 20
kubectl get pods -l app=sleep-with-pvc -o wide
kubectl get pvc -l kiamol=ch08
kubectl get pvc data-sleep-with-pvc-0 -o jsonpath='{.metadata.labels}{"\n"}'
kubectl exec sleep-with-pvc-0 -- sh -c 'echo Pod 0 initialized at $(date) > /data/pod0.txt'
kubectl exec sleep-with-pvc-1 -- sh -c 'echo Pod 1 initialized at $(date) > /data/pod1.txt'
kubectl exec sleep-with-pvc-0 -- hostname
kubectl exec sleep-with-pvc-0 -- cat /etc/hosts
kubectl exec deploy/sleep -- sh -c 'nslookup sleep-with-pvc | grep "^[^*]"'
kubectl exec deploy/sleep -- sh -c 'nslookup sleep-with-pvc-0.sleep-with-pvc.default.svc.cluster.local | grep "^[^*]"'
kubectl delete pod sleep-with-pvc-0
kubectl get pods -l app=sleep-with-pvc
kubectl exec deploy/sleep -- sh -c 'nslookup sleep-with-pvc-0.sleep-with-pvc.default.svc.cluster.local | grep "^[^*]"'
sleep 10
kubectl get pods -l app=sleep-with-pvc -o wide
kubectl exec sleep-with-pvc-0 -- cat /data/pod0.txt
kubectl exec sleep-with-pvc-0 -- ls /data
kubectl exec sleep-with-pvc-0 -- ls -ld /tmp
kubectl exec deploy/sleep -- sh -c 'nslookup sleep-with-pvc-0.sleep-with-pvc.default.svc.cluster.local | grep "^[^*]"'
kubectl get events --field-selector involvedObject.kind=StatefulSet
kubectl delete sts sleep-with-pvc
sleep 5
kubectl get pods,pvc -l kiamol=ch08
kubectl get pods -l app=sleep-with-pvc
