# OrderedReady: one pod at a time, each waiting for the one before to be Running and Ready;
# `why` says what holds the controller back. Scale-down goes highest ordinal first, one at a
# time; the claims stay, and scaling back up finds the files written before.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  clusterIP: None
  selector:
    app: web
  ports:
  - port: 80
    name: http
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
        image: nginx:1.27
        readinessProbe:
          exec:
            command: ["cat", "/usr/share/nginx/html/ready"]
          periodSeconds: 2
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
YAML
kubectl get sts,pods,pvc
sleep 20
kubectl get pods
why sts/web
kubectl exec web-0 -- touch /usr/share/nginx/html/ready
sleep 10
kubectl get pods
why
kubectl exec web-1 -- touch /usr/share/nginx/html/ready
sleep 10
kubectl exec web-2 -- sh -c 'echo web-2 was here > /usr/share/nginx/html/index.html; touch /usr/share/nginx/html/ready'
sleep 3
kubectl get sts,pods -o wide
kubectl get pods -l app=web -o jsonpath='{range .items[*]}{.metadata.name} {.spec.hostname}.{.spec.subdomain} {.metadata.labels.apps\.kubernetes\.io/pod-index} {.spec.volumes[0].persistentVolumeClaim.claimName}{"\n"}{end}'
kubectl rollout status sts/web
kubectl scale sts web --replicas=1
kubectl get pods
why
sleep 2
kubectl get pods
sleep 5
kubectl get pods,pvc
why pvc/www-web-2
kubectl scale sts web --replicas=3
sleep 15
kubectl get pods
kubectl exec web-2 -- cat /usr/share/nginx/html/index.html
kubectl get events --field-selector involvedObject.kind=StatefulSet
why sts/web
