# get --sort-by as kubectl's sorter.go orders: Go's sort.Sort (not stable), names in natural
# order (item-9 before item-10), strings that are quantities by value, numbers by value.
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do kubectl create configmap item-$i --from-literal=size=$((15 - i))00Mi -o name; done
kubectl get configmaps -l '!kubernetes.io/description' --sort-by=.metadata.name -o name
kubectl get configmaps --sort-by=.data.size -o custom-columns=NAME:.metadata.name,SIZE:.data.size
kubectl get configmaps --sort-by=.metadata.creationTimestamp -o name
