# kubectl describe for a Deployment, its ReplicaSet and pod, a pod with env/envFrom/probe/volume,
# a StatefulSet and a CronJob, laid out as describe.go prints them (Go tabwriter blocks included).
kubectl apply -f manifests/sleep/deployment.yaml
kubectl rollout status deploy/sleep
kubectl describe deploy sleep
kubectl describe rs
kubectl describe pod -l app=sleep
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: env-demo
  labels:
    app: env-demo
spec:
  containers:
    - name: app
      image: nginx:1.27
      ports:
        - containerPort: 80
          name: http
      args: ["sleep", "3600"]
      env:
        - name: MODE
          value: demo
        - name: PASSWORD
          valueFrom:
            secretKeyRef:
              name: todo-db-secret
              key: POSTGRES_PASSWORD
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
      envFrom:
        - configMapRef:
            name: missing-config
            optional: true
      readinessProbe:
        tcpSocket:
          port: 80
      volumeMounts:
        - name: scratch
          mountPath: /scratch
  volumes:
    - name: scratch
      emptyDir: {}
YAML
kubectl describe pod env-demo
kubectl apply -f manifests/todo-db/
kubectl describe sts todo-db
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: CronJob
metadata:
  name: yearly
spec:
  schedule: "0 0 1 1 *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: busybox
              command: ["sh", "-c", "echo report"]
YAML
kubectl describe cronjob yearly
