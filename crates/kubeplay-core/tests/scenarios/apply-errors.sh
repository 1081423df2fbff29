# Bad manifests get the apiserver's words; good documents in the same apply still land.
kubectl apply -f - <<'EOF'
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  replica: 3
  serviceName: web
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
        image: nginx:1.25
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: "fast"
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web.v1
spec:
  serviceName: web
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: nginx
    spec:
      restartPolicy: Never
      containers:
      - name: nginx
        image: nginx:1.25
EOF
kubectl get configmap settings
# A Job needs an explicit restartPolicy of OnFailure or Never.
kubectl apply -f - <<'EOF'
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: kiamol/ch05-pi
EOF
# The book's CronJob still says batch/v1beta1, which Kubernetes stopped serving in 1.25.
kubectl apply -f - <<'EOF'
apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: todo-db-backup
spec:
  schedule: "*/2 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: backup
            image: postgres:11.6-alpine
EOF
# A YAML syntax error names the line within its document.
kubectl apply -f - <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: broken
data:
  key: value: other
EOF
# A manifest without a kind.
kubectl apply -f - <<'EOF'
apiVersion: v1
metadata:
  name: nokind
EOF
kubectl apply -f does-not-exist.yaml
kubectl get pods web-0
kubectl get foo
kubectl get pods --bogus
kubectl gett pods
# Converted to batch/v1, the schedule is checked with robfig/cron's rules: day-of-week 7 does not exist.
kubectl apply -f - <<'EOF'
apiVersion: batch/v1
kind: CronJob
metadata:
  name: todo-db-backup
spec:
  schedule: "TZ=Europe/London 0 0 * * 7"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: backup
            image: postgres:11.6-alpine
EOF
# Container ports are validated as the apiserver does (validateContainerPorts).
kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: ports
spec:
  containers:
  - name: web
    image: nginx
    ports:
    - containerPort: 99999
      name: http
    - containerPort: 80
      name: http
    - containerPort: 0
      name: "8080"
EOF
# A field of the wrong JSON type is rejected in Go's encoding/json words (first error only):
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: typed
spec:
  containers:
  - name: db
    image: postgres:11.6-alpine
    env:
    - name: PGPORT
      value: 5432
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: typed
spec:
  replicas: "3"
  selector:
    matchLabels:
      app: typed
  template:
    metadata:
      labels:
        app: typed
    spec:
      containers:
      - name: web
        image: nginx
        command: nginx -g 'daemon off;'
EOF
