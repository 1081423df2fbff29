# An `if` that never ends: bash reads to the end of the script for its `fi`. kubeplay checks a
# whole script before it runs any of it, so nothing runs (bash would run the lines before it).
echo "not printed"
if kubectl get pods | grep -q web; then
  echo "web is there"
