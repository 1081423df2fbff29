# kubectl config over kind's kubeconfig: one context, kind-kind. Setting its namespace changes
# what every later command defaults to, until it is set again; -n still wins.
kubectl config current-context
kubectl config get-contexts
kubectl create namespace kiamol-ch08
kubectl config set-context --current --namespace=kiamol-ch08
kubectl config get-contexts
kubectl run sleep --image=kiamol/ch03-sleep
kubectl get pods
kubectl get pods -n default
kubectl get pods -A --field-selector metadata.namespace!=kube-system
kubectl config view
kubectl config view --minify -o jsonpath='{.contexts[0].context.namespace}{"\n"}'
kubectl config use-context kind-kind
kubectl config use-context docker-desktop
kubectl config set-context --current --namespace=
kubectl get pods
kubectl config get-contexts -o name
kubectl config set-context other --namespace=x
kubectl config get-clusters
