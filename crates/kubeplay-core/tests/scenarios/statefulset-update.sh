# Rolling updates: highest ordinal first, one pod at a time, each waiting for the one before to be
# Ready; a partition holds the lower ordinals at the old revision (a canary); OnDelete waits for you.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  clusterIP: None
  selector:
    app: web
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.26
YAML
kubectl rollout status sts/web
kubectl get controllerrevisions
kubectl set image sts/web nginx=nginx:1.27
kubectl get pods -L controller-revision-hash
why sts/web
kubectl rollout status sts/web
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name} {.spec.containers[0].image}{"\n"}{end}'
kubectl get events --field-selector reason=SuccessfulDelete
kubectl get controllerrevisions
kubectl get sts web -o jsonpath='{.status.currentRevision} {.status.updateRevision} {.status.currentReplicas} {.status.updatedReplicas}{"\n"}'
# A canary: only ordinals >= 2 take the new template.
kubectl patch sts web -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":2}}}}'
kubectl set image sts/web nginx=nginx:1.28
sleep 30
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name} {.spec.containers[0].image}{"\n"}{end}'
kubectl rollout status sts/web
why sts/web
# A pod below the partition that is deleted comes back at the old revision.
kubectl delete pod web-0
sleep 10
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name} {.spec.containers[0].image}{"\n"}{end}'
kubectl patch sts web -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}'
kubectl rollout status sts/web
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name} {.spec.containers[0].image}{"\n"}{end}'
# OnDelete: nothing happens until a pod is deleted.
kubectl patch sts web -p '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}'
kubectl set image sts/web nginx=nginx:1.26
sleep 30
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name} {.spec.containers[0].image}{"\n"}{end}'
why sts/web
kubectl rollout status sts/web
kubectl delete pod web-1
sleep 10
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name} {.spec.containers[0].image}{"\n"}{end}'
kubectl get controllerrevisions
# --watch=false: the viewer's message once, exit 0 even mid-rollout.
kubectl patch sts web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate"}}}'
kubectl set image sts/web nginx=nginx:1.29
kubectl rollout status sts/web --watch=false
kubectl rollout status sts/web -w=false
sleep 1m
kubectl rollout status sts/web --watch=false
