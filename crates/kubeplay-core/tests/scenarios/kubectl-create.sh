# kubectl create deployment/namespace/configmap/secret generic/service clusterip: the objects
# kubectl's create commands build, what --dry-run=client -o yaml shows, and their errors.
kubectl create namespace team
kubectl create ns team
kubectl create namespace Team
kubectl get ns team --show-labels
kubectl create deployment web --image=nginx:1.27 --replicas=2 --port=80
kubectl create deployment web --image=nginx:1.27
kubectl create deploy sleep -n team --image=kiamol/ch03-sleep
kubectl create deployment nginx --image=nginx --dry-run=client -o yaml
kubectl create deployment pair --image=nginx:1.27 --image=busybox:1.36 --dry-run=client -o yaml
kubectl create deployment clock --image=busybox:1.36 --dry-run=client -o json -- date
kubectl rollout status deploy/web --timeout=2m
kubectl get deploy,rs,pods
kubectl get pods -n team
kubectl create configmap ui --from-file=config/ui.properties --from-literal=theme=dark
kubectl create configmap app --from-file=settings=config/app.properties --dry-run=client -o yaml
kubectl create configmap all-config --from-file=config/
kubectl get configmap all-config -o jsonpath='{.data}{"\n"}'
kubectl create configmap db --from-env-file=config/db.env
kubectl describe configmap db
kubectl create secret generic db-login --from-literal=user=kiamol --from-literal=password='p@ss w0rd'
kubectl get secret db-login -o yaml
kubectl create secret generic tls-files --from-file=config/ui.properties --type=kiamol.io/demo --dry-run=client -o yaml
kubectl create service clusterip web --tcp=80:80 --tcp=8080:http --dry-run=client -o yaml
kubectl create service clusterip web-headless --clusterip=None
kubectl get svc web-headless
# Errors.
kubectl create deployment
kubectl create deployment web2
kubectl create deployment a b --image=nginx
kubectl create deployment web2 --image=nginx --replicas=two
kubectl create deployment web2 --image=nginx --image=busybox -- sleep 1
kubectl create deployment web2 --image=nginx -f x.yaml
kubectl create configmap
kubectl create configmap bad --from-literal=novalue
kubectl create configmap bad --from-literal='a b=1'
kubectl create configmap bad --from-literal=a=1 --from-literal=a=2
kubectl create configmap bad --from-file=config/missing.txt
kubectl create configmap bad --from-file=k=config/
kubectl create configmap bad --from-env-file=config/db.env --from-literal=a=1
kubectl create configmap ui --from-literal=a=1
kubectl create secret generic dup --from-literal=k=1 --from-literal=k=2
kubectl create secret tls web-tls --cert=a --key=b
kubectl create secret
kubectl create service clusterip nothing
kubectl create service nodeport web --tcp=80
kubectl create bogus x
# create job and create serviceaccount print and dry-run like the other generators.
kubectl create job pi --image=kiamol/ch05-pi --dry-run=client -o yaml -- dotnet Pi.Web.dll -m console -dp 50
kubectl create serviceaccount robot --dry-run=client -o yaml
kubectl create sa robot -o name
kubectl create job once --image=busybox -n team -o jsonpath='{.metadata.namespace}/{.metadata.name}{"\n"}'
kubectl create job bad --image=busybox -o wide
kubectl get jobs,serviceaccounts -A --field-selector metadata.namespace!=kube-system
