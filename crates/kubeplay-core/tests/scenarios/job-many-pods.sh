# client-go's event aggregation: the tenth different "Created pod" message of one Job within ten minutes
# and those after it are combined into one Event, counted (events_cache.go, EventAggregatorByReasonFunc).
kubectl apply -f - <<EOF
apiVersion: batch/v1
kind: Job
metadata:
  name: many
spec:
  completions: 12
  parallelism: 12
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: busybox
        command: ["sh", "-c", "sleep 5"]
EOF
sleep 30s
kubectl describe job many | tail -13
kubectl get events --field-selector involvedObject.kind=Job
