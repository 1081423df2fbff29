# Loops, conditionals and arithmetic as bash runs them: waiting for a pod, making objects in a loop.
kubectl run web --image=nginx
# Wait until the pod runs: each round asks the cluster, then lets 5 simulated seconds pass.
until kubectl get pod web -o jsonpath='{.status.phase}' | grep -q Running; do
  echo "waiting for web..."
  sleep 5
done
kubectl get pod web
for n in 1 2 3; do kubectl create configmap "config-$n" --from-literal=index=$n; done
kubectl get configmaps -o name | grep config-
# Arithmetic: $((…)) with and without `$`, and ((…)) as a command.
COUNT=$(kubectl get configmaps -o name | grep -c config-)
echo "$COUNT configmaps, $((COUNT * 2)) keys if each had two, $(( $COUNT ** 2 )) squared, $((COUNT % 2)) left over"
TOTAL=0
for cm in $(kubectl get configmaps -o name | grep config-); do
  INDEX=$(kubectl get $cm -o jsonpath='{.data.index}')
  ((TOTAL += INDEX))
done
echo "sum of the indexes: $TOTAL"
if [ "$TOTAL" -gt 5 ]; then echo "more than five"; else echo "five or fewer"; fi
if kubectl get configmap config-9 >/dev/null 2>&1; then
  echo "config-9 exists"
elif [ -z "$MISSING" ]; then
  echo "no config-9, and MISSING is empty"
else
  echo "not reached"
fi
# break and continue, also out of nested loops.
for n in $(seq 1 10); do
  [ $((n % 2)) -eq 0 ] && continue
  [ $n -gt 7 ] && break
  echo -n "$n "
done; echo
for a in x y; do for b in 1 2 3; do [ $b = 2 ] && continue 2; echo $a$b; done; done
i=0; while true; do i=$((i + 1)); [ $i -ge 3 ] && break; done; echo "stopped at $i"
# A loop's output goes down a pipe or into a file as a command's does.
for n in 3 1 2; do echo "config-$n"; done | sort | tr '\n' ' '; echo
for n in 1 2; do kubectl get configmap config-$n -o jsonpath='{.data.index}{"\n"}'; done > indexes.txt
wc -l < indexes.txt
# Errors in bash's words.
echo $((10 / (COUNT - 3)))
echo "the line above was abandoned, status $?"
[ $UNSET -eq 1 ]
[ abc -lt 3 ]; echo "status $?"
continue
seq 0
seq 1 0 2
