# Heredocs: with an unquoted delimiter (<<EOF) bash expands $VAR and $(...) in the body before
# kubectl reads it; with a quoted one (<<'EOF') the body is sent as written.
NAME=settings
GREETING=hello
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: $NAME
data:
  greeting: "$GREETING from $(kubectl get ns default -o jsonpath='{.metadata.name}')"
  literal: "\$GREETING"
EOF
kubectl get configmap settings -o jsonpath='{.data.greeting} / {.data.literal}{"\n"}'
kubectl apply -f - <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: script
data:
  run.sh: |
    echo "running on $HOSTNAME"
    date > /tmp/$(hostname).txt
EOF
kubectl get configmap script -o jsonpath='{.data.run\.sh}'
# Unquoted, the container's $COLOR is expanded on the workstation, where nothing set it:
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: expanded-too-early
spec:
  restartPolicy: Never
  containers:
  - name: c
    image: busybox
    env:
    - name: COLOR
      value: blue
    command: ["sh", "-c", "echo color=$COLOR; echo kept=\$COLOR"]
EOF
sleep 10
kubectl logs expanded-too-early
cat <<< "$NAME: $GREETING"
cat <<-EOF
	tabs are stripped from $NAME
	EOF
