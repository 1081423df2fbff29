# The official nginx image as its logs show it: /docker-entrypoint.sh's configuration scripts
# (10-listen-on-ipv6-by-default.sh edits the packaged default.conf), then nginx's start-up notices
# on stderr; a read-only conf.d, quiet logs, and a command that skips the entrypoint.
kubectl run web --image=nginx:1.27
sleep 5s
kubectl logs web
kubectl exec web -- head -4 /etc/nginx/conf.d/default.conf
kubectl exec web -- nginx -v
kubectl create configmap site --from-literal=default.conf='server { listen 80; }'
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: custom
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    env:
    - name: NGINX_ENTRYPOINT_QUIET_LOGS
      value: ""
    volumeMounts:
    - name: conf
      mountPath: /etc/nginx/conf.d
  volumes:
  - name: conf
    configMap:
      name: site
---
apiVersion: v1
kind: Pod
metadata:
  name: quiet
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    env:
    - name: NGINX_ENTRYPOINT_QUIET_LOGS
      value: "1"
---
apiVersion: v1
kind: Pod
metadata:
  name: direct
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    command: ["nginx", "-g", "daemon off;"]
YAML
sleep 5s
kubectl logs custom --tail=100 | head -6
kubectl logs quiet | head -2
kubectl logs direct | head -2
