# kubectl cp: files and directories between the workstation and containers, through `tar` in the
# container as kubectl runs it (`test -d DEST`, then `tar -xmf - -C DIR`; `tar cf - SRC` back).
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: sleep
spec:
  containers:
  - name: sleep
    image: kiamol/ch03-sleep
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  restartPolicy: OnFailure
  containers:
  - name: nginx
    image: nginx:1.27
  - name: helper
    image: busybox:1.36
    command: ['sh', '-c', 'echo ready']
---
apiVersion: v1
kind: Pod
metadata:
  name: done
spec:
  restartPolicy: Never
  containers:
  - name: once
    image: busybox:1.36
    command: ['sh', '-c', 'echo finished']
YAML
kubectl wait --for=condition=Ready pod/sleep
sleep 20s
kubectl get pods
# A heredoc writes a file on the workstation; cp sends it to a path, or into a directory.
cat > notes.txt <<'EOF2'
first line
second line
EOF2
kubectl cp notes.txt sleep:/tmp/notes.txt
kubectl exec sleep -- cat /tmp/notes.txt
kubectl cp ./notes.txt default/sleep:/tmp/
kubectl exec sleep -- ls -l /tmp
# A directory keeps its layout; with two containers, the first is the default (a note on stderr).
cat > site/index.html <<'EOF2'
<h1>copied</h1>
EOF2
cat > site/css/main.css <<'EOF2'
h1 { color: teal; }
EOF2
kubectl cp site web:/usr/share/nginx/html/site
kubectl exec web -c nginx -- ls /usr/share/nginx/html /usr/share/nginx/html/site/css
kubectl exec web -c nginx -- cat /usr/share/nginx/html/site/index.html
# From a pod: tar's stderr reaches kubectl's stdout, and an absolute path earns busybox's note.
kubectl cp sleep:/tmp/notes.txt back.txt
cat back.txt
kubectl cp sleep:tmp/notes.txt back2.txt
cat back2.txt
kubectl cp default/sleep:/etc/hostname ./hostname.txt
cat hostname.txt
# A relative path is from the container's working directory, and earns no note.
kubectl cp web:usr/share/nginx/html ./html -c nginx
cat html/site/css/main.css
head -n 4 html/index.html
# nginx's log files are symlinks to the container's output: kubectl skips them.
kubectl cp web:var/log/nginx logs -c nginx
# From a pod with two containers, the container note is on stdout (the exec's error stream).
kubectl cp web:etc/hostname web-hostname > cp-stdout.txt
cat cp-stdout.txt
cat web-hostname
# A missing source in the pod: tar complains, yet kubectl exits 0 (kubernetes/kubectl#980).
kubectl cp sleep:/tmp/nope.txt nope.txt
echo "exit $?"
cat nope.txt
# tar's own refusal, then kubectl's and the apiserver's.
kubectl cp notes.txt sleep:/no/such/dir/notes.txt
echo "exit $?"
kubectl cp missing.txt sleep:/tmp/
kubectl cp notes.txt ghost:/tmp/
kubectl cp ghost:/tmp/x x
kubectl cp notes.txt done:/tmp/
kubectl cp notes.txt done:/tmp/ -c nope
kubectl cp notes.txt web:/tmp/ -c helper
kubectl cp notes.txt web:/tmp/ -c nope
kubectl cp sleep:/tmp/notes.txt web:/tmp/notes.txt
kubectl cp notes.txt other.txt
kubectl cp notes.txt sleep:
kubectl cp notes.txt :/tmp
kubectl cp notes.txt a/b/c:/tmp
kubectl cp notes.txt default/:/tmp
kubectl cp notes.txt
kubectl cp sleep:/tmp/notes.txt .
# tar keeps a leading ./ in member names, which untarAll's cleaned prefix lacks.
kubectl cp sleep:./tmp/notes.txt dot.txt
kubectl cp notes.txt sleep:/tmp --retries=x
kubectl cp notes.txt sleep:/tmp --bogus
