# kubectl set env and set resources as set_env.go and set_resources.go run them, and the apiserver's
# ValidateContainerResourceRequirements on what they write (and on manifests).
kubectl create deploy web --image=nginx
kubectl create configmap app-config --from-literal=log.level=debug --from-literal=mode=fast
kubectl create secret generic db --from-literal=password=s3cret
kubectl set env deploy/web FOO=bar
# Nothing changes, so nothing is patched and nothing is printed.
kubectl set env deploy/web FOO=bar
kubectl set env deploy/web --list
kubectl set env deploy/web --from=configmap/app-config --prefix=APP_
kubectl set env deploy/web --from=secret/db --keys=password
kubectl set env deploy/web --list
kubectl set env deploy/web --list --resolve
kubectl set env deploy/web FOO=baz --overwrite=false
kubectl set env deploy/web FOO-
# A removal given only with -e: RunEnv patches, then finds no variable to set and says so instead
# of printing the patch (the variable is gone all the same).
kubectl set env deploy/web BAR=1
kubectl set env deploy/web -e BAR-
kubectl set env deploy/web --list
kubectl set env deploy/web 1BAD=x
kubectl set env deploy/web -c nope X=1
kubectl set env svc/kubernetes X=1
kubectl set env deploy/nope X=1
kubectl set env deploy/web X=1 deploy/other
kubectl set env deploy/web --keys=mode X=1
kubectl set env deploy/web --from=secret/missing
kubectl rollout status deploy/web
kubectl exec deploy/web -- sh -c 'echo $APP_LOG_LEVEL $APP_MODE $PASSWORD'
kubectl rollout history deploy/web
kubectl set resources deploy web --limits=cpu=200m,memory=512Mi --requests=cpu=100m
kubectl set resources deploy web --limits=cpu=200m,memory=512Mi --requests=cpu=100m
kubectl set resources deploy web -c=nope --limits=cpu=1
kubectl set resources deploy web --limits=cpu=lots
kubectl set resources deploy web --limits=cpu
kubectl set resources deploy web
kubectl set resources deploy web --requests=cpu=300m
kubectl set resources deploy web --limits=memory=-1Gi
kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0].resources}{"\n"}'
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: greedy
spec:
  containers:
  - name: app
    image: busybox
    command: ["sleep", "1d"]
    resources:
      requests:
        cpu: "2"
        gpu: "1"
        example.com/dongle: "1"
      limits:
        cpu: "1"
YAML
# set image (set_image.go): by name, -l or --all; every error kept for the end.
kubectl set image deploy -l app=web nginx=nginx:1.27
kubectl set image deploy --all '*=nginx:1.28'
kubectl set image deploy/web nginx=nginx:1.28
kubectl set image deploy/web ghost=busybox nginx=nginx:1.29
kubectl set image svc/kubernetes app=busybox
kubectl set image deploy/web '*=a' nginx=b
kubectl set image deploy/web
kubectl set image deploy/web nginx=x app
kubectl set image
kubectl set image deploy/nope nginx=x
