# `do` where no loop opened one: bash names the token it did not expect.
echo "not printed: kubeplay checks the whole script first"
kubectl get pods
do echo "a loop body without its loop"
