# Redirections: `>` and `>>` write scratch files on the workstation (the scenario's directory)
# that later commands read; `<` feeds a file to standard input.
kubectl create deployment web --image=nginx:1.25 --dry-run=client -o yaml > web.yaml
cat web.yaml
kubectl apply -f web.yaml
kubectl get deployment web -o name > names.txt
kubectl get svc -o name >> names.txt
cat names.txt
wc -l < names.txt
kubectl apply -f - < manifests/pi/pi-job.yaml
grep -c image < manifests/pi/pi-job.yaml
kubectl get nope 2> errors.txt
echo "status $?, saved: $(cat errors.txt)"
kubectl get nope > all.txt 2>&1; cat all.txt
kubectl get nope 2>&1 >/dev/null | wc -l
kubectl get nope 2>/dev/null || echo "quietly failed"
kubectl get deployment web &> both.txt; cat both.txt
kubectl get pod nope -o yaml > pod.yaml; wc -c pod.yaml
cat < missing.txt; echo "status $?"
echo x > manifests
FILE='two words'; echo x > $FILE
