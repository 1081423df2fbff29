# kubectl rollout history/undo/restart/pause/resume on a Deployment (revisions are its
# ReplicaSets' deployment.kubernetes.io/revision) and a StatefulSet (its ControllerRevisions).
kubectl create deployment web --image=nginx:1.26 --replicas=2
kubectl rollout status deploy/web --timeout=2m
kubectl rollout history deploy/web
kubectl set image deploy/web nginx=nginx:1.27
kubectl rollout status deploy/web --timeout=2m
kubectl annotate deploy/web kubernetes.io/change-cause='image 1.27'
kubectl rollout history deployment web
kubectl rollout history deploy/web --revision=1
kubectl rollout history deploy/web --revision=5
kubectl rollout history deploy/web -o name
sleep 10
kubectl rollout restart deploy/web
kubectl rollout restart deploy/web
kubectl rollout status deploy/web --timeout=2m
kubectl get deploy web -o jsonpath='{.spec.template.metadata.annotations}{"\n"}'
kubectl rollout history deploy/web
kubectl rollout undo deploy/web --to-revision=1 --dry-run=client
kubectl rollout undo deploy/web --to-revision=1
kubectl rollout status deploy/web --timeout=2m
kubectl rollout history deploy/web
kubectl get rs
kubectl rollout undo deploy/web
kubectl rollout undo deploy/web --to-revision=9
kubectl rollout pause deploy/web
kubectl rollout pause deploy/web
kubectl rollout restart deploy/web
kubectl rollout undo deploy/web
kubectl set image deploy/web nginx=nginx:1.25
kubectl get deploy web
kubectl rollout resume deploy/web
kubectl rollout resume deploy/web
kubectl rollout status deploy/web --timeout=2m
kubectl rollout status deploy/web --revision=99
kubectl rollout status deploy/web --revision=-1
kubectl rollout status deploy/web --revision=two
kubectl rollout history pod/web
kubectl rollout history svc/kubernetes
kubectl rollout restart
kubectl rollout restart deploy/missing
kubectl rollout pause sts/x
kubectl apply -f - <<'YAML'
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web-sts
spec:
  serviceName: web-sts
  replicas: 2
  selector:
    matchLabels:
      app: web-sts
  template:
    metadata:
      labels:
        app: web-sts
    spec:
      containers:
      - name: nginx
        image: nginx:1.26
YAML
kubectl rollout status sts/web-sts --timeout=2m
kubectl rollout undo sts/web-sts
kubectl set image sts/web-sts nginx=nginx:1.27
kubectl rollout status sts/web-sts --timeout=2m
kubectl rollout history sts/web-sts
kubectl rollout history sts/web-sts --revision=2
kubectl rollout undo sts/web-sts --dry-run=client
kubectl rollout undo sts/web-sts
kubectl rollout status sts/web-sts --timeout=2m
kubectl get pods -l app=web-sts -o jsonpath='{range .items[*]}{.metadata.name} {.spec.containers[0].image}{"\n"}{end}'
kubectl rollout history sts/web-sts
kubectl rollout undo sts/web-sts --to-revision=3
kubectl rollout restart sts/web-sts
kubectl rollout pause sts/web-sts
kubectl rollout restart deployment
kubectl rollout history rs
