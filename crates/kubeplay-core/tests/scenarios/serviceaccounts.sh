# What every namespace and pod gets without asking: the `default` ServiceAccount and the
# kube-root-ca.crt ConfigMap in each namespace (new ones included), and through the ServiceAccount
# admission plugin a kube-api-access-<5> projected volume (token, ca.crt, namespace) mounted
# read-only in every container; automountServiceAccountToken: false on the pod or the account
# opts out; a pod naming an account that does not exist is refused, and a Deployment's
# ReplicaSet keeps retrying until the account is created. Projected volumes also take a user's
# own Secret, ConfigMap, downward API and token sources.
kubectl get serviceaccounts
kubectl get sa -A
kubectl get cm -A
kubectl describe sa default
kubectl get cm kube-root-ca.crt -o yaml
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: sleep
spec:
  initContainers:
  - name: check
    image: busybox:1.36
    command: ['ls', '/var/run/secrets/kubernetes.io/serviceaccount']
  containers:
  - name: sleep
    image: busybox:1.36
    command: ['sleep', '3600']
YAML
sleep 10
kubectl describe pod sleep
kubectl get pod sleep -o jsonpath='{.spec.serviceAccountName} {.spec.serviceAccount}{"\n"}{.spec.containers[0].volumeMounts}{"\n"}'
kubectl get pod sleep -o jsonpath='{.spec.volumes[0].projected}{"\n"}'
kubectl logs sleep -c check
kubectl exec sleep -- ls /var/run/secrets/kubernetes.io/serviceaccount
kubectl exec sleep -- cat /var/run/secrets/kubernetes.io/serviceaccount/namespace
echo
kubectl exec sleep -- sh -c 'head -1 /var/run/secrets/kubernetes.io/serviceaccount/ca.crt; cut -d. -f1 /var/run/secrets/kubernetes.io/serviceaccount/token'
kubectl exec sleep -- touch /var/run/secrets/kubernetes.io/serviceaccount/x
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: sleep
spec:
  initContainers:
  - name: check
    image: busybox:1.36
    command: ['ls', '/var/run/secrets/kubernetes.io/serviceaccount']
  containers:
  - name: sleep
    image: busybox:1.36
    command: ['sleep', '3600']
YAML
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: no-token
spec:
  automountServiceAccountToken: false
  containers:
  - name: sleep
    image: busybox:1.36
    command: ['sleep', '3600']
YAML
sleep 5
kubectl get pod no-token -o jsonpath='volumes={.spec.volumes} account={.spec.serviceAccountName}{"\n"}'
kubectl exec no-token -- ls /var/run/secrets
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: robot-pod
spec:
  serviceAccountName: robot
  containers:
  - name: sleep
    image: busybox:1.36
    command: ['sleep', '3600']
YAML
kubectl apply -f - <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: robot
spec:
  selector:
    matchLabels:
      app: robot
  template:
    metadata:
      labels:
        app: robot
    spec:
      serviceAccountName: robot
      containers:
      - name: sleep
        image: busybox:1.36
        command: ['sleep', '3600']
YAML
sleep 5
kubectl get deploy robot
kubectl get events --field-selector involvedObject.kind=ReplicaSet
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: ServiceAccount
metadata:
  name: robot
automountServiceAccountToken: false
YAML
sleep 10
kubectl get sa
kubectl get deploy robot
kubectl get pods -l app=robot -o jsonpath='{range .items[*]}{.metadata.name} account={.spec.serviceAccountName} volumes={.spec.volumes}{"\n"}{end}'
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Namespace
metadata:
  name: team
---
apiVersion: v1
kind: Pod
metadata:
  name: sleep
  namespace: team
spec:
  containers:
  - name: sleep
    image: busybox:1.36
    command: ['sleep', '3600']
YAML
sleep 5
kubectl get sa,cm -n team
kubectl exec -n team sleep -- cat /var/run/secrets/kubernetes.io/serviceaccount/namespace
echo
kubectl delete sa default -n team
kubectl get sa -n team
kubectl create sa builder -n team
kubectl create serviceaccount builder -n team
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Secret
metadata:
  name: creds
stringData:
  user: admin
---
apiVersion: v1
kind: Pod
metadata:
  name: projected
  labels:
    app: projected
    tier: demo
spec:
  containers:
  - name: sleep
    image: busybox:1.36
    command: ['sleep', '3600']
    volumeMounts:
    - name: all-in-one
      mountPath: /etc/all-in-one
      readOnly: true
  volumes:
  - name: all-in-one
    projected:
      sources:
      - secret:
          name: creds
          items:
          - key: user
            path: secret/user
            mode: 0400
      - configMap:
          name: kube-root-ca.crt
      - downwardAPI:
          items:
          - path: labels
            fieldRef:
              fieldPath: metadata.labels
      - serviceAccountToken:
          path: vault-token
          audience: vault
          expirationSeconds: 600
YAML
sleep 5
kubectl exec projected -- ls /etc/all-in-one /etc/all-in-one/secret
kubectl exec projected -- cat /etc/all-in-one/labels /etc/all-in-one/secret/user
echo
kubectl get pod projected -o jsonpath='{.spec.volumes[0].projected.defaultMode} {.spec.volumes[0].projected.sources[3]}{"\n"}'
kubectl describe pod projected
