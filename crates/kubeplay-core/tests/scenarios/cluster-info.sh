# kubectl cluster-info: the control plane, then kube-system's Services labelled
# kubernetes.io/cluster-service=true, in the ANSI colours kubectl always prints.
kubectl cluster-info
kubectl config view -o jsonpath='{.clusters[0].cluster.server}'; echo
# -n looks elsewhere; the context's namespace does not (only the flag counts).
kubectl cluster-info -n default
kubectl create service clusterip dashboard --tcp=443:8443
kubectl label service dashboard kubernetes.io/cluster-service=true kubernetes.io/name=Dashboard
kubectl cluster-info -n default
kubectl config set-context --current --namespace=default
kubectl cluster-info
kubectl cluster-info extra words
kubectl cluster-info | grep -c 'is running at'
kubectl cluster-info --bogus
kubectl cluster-info dump
kubectl cluster-info dump --output-directory=/tmp/dump -A
