# kubectl label, annotate and scale as kubectl v1.33 runs them: objects by name, -l or --all (-A),
# every object visited even when one fails and the errors printed last, --overwrite, --list,
# label's not labeled/unlabeled words, and scale's messages for missing and unscalable objects.
kubectl run a --image=busybox -l app=x -- sleep 1d
kubectl run b --image=busybox -l app=x -- sleep 1d
kubectl label pods -l app=x tier=web
kubectl label pods --all env=dev
kubectl annotate pods -l app=x note=hi
kubectl annotate pods -l app=x note=ho
kubectl annotate pod a note=ho --overwrite
kubectl annotate pod a note=ho --overwrite
kubectl get pods --show-labels
kubectl label pod a b nope tier=db
kubectl label pod a tier=web
kubectl label pod a ghost-
kubectl label pod a tier- env-
kubectl label pod a tier=x=y
kubectl label pod a tier=bad!
kubectl label pod a x=1 pod b
kubectl label pods --list
kubectl label pods --all --list
kubectl label pod a --list
kubectl label pods -l app=x --all y=1
kubectl label pods a -l app=x y=1
kubectl label pods y=1
kubectl label pods a
kubectl label pod a app=y tier=z
kubectl label pod a 'bad key!=1'
kubectl create configmap plain
kubectl label cm plain gone-
kubectl scale deploy nope --replicas=2
kubectl create deploy web --image=nginx
kubectl scale deploy web nope --replicas=2
kubectl scale deploy nope1 nope2 --replicas=2
kubectl scale pod a --replicas=2
kubectl scale deploy -l app=web --replicas=3
kubectl scale deploy --all --replicas=1 --current-replicas=3
kubectl scale deploy -l app=none --replicas=3
kubectl create namespace other
kubectl run c -n other --image=busybox -l app=x -- sleep 1d
kubectl label pods -A -l app=x zone=a
kubectl get pods -A -l app=x -L zone
kubectl scale deploy web --replicas=2 --current-replicas=5
kubectl get deploy web
kubectl scale --replicas=2
