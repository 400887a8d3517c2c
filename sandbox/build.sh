#!/usr/bin/env bash
# Builds the sandbox's upstream binaries from Go modules into a cache outside the repo, keyed by
# the pinned versions and the multi-call binary's source, so a pin change rebuilds and nothing
# else does. Prints the bin directory on its last line.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"

if ! command -v go >/dev/null 2>&1; then
  echo "sandbox: Go is not installed; install Go 1.26 (https://go.dev/doc/install) and retry" >&2
  exit 1
fi

key="$(cat "$here/versions.env" "$here/build.sh" "$here/k8s/go.mod" "$here/k8s/go.sum" "$here/k8s/main.go" | sha256sum | cut -c1-16)"
cache="${CUBBY_SANDBOX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cubby-sandbox}"
bin="$cache/bin-$key"
if [ -f "$bin/.complete" ]; then
  echo "$bin"
  exit 0
fi

# One build at a time per cache: a second caller waits for the first and then uses its result.
mkdir -p "$cache"
exec 9>"$cache/.build.lock"
flock 9
if [ -f "$bin/.complete" ]; then
  echo "$bin"
  exit 0
fi

echo "sandbox: building Kubernetes $KUBERNETES_VERSION, etcd $ETCD_VERSION, kwok $KWOK_VERSION, helm $HELM_VERSION into $bin" >&2
echo "sandbox: a cold build takes 15-25 minutes and about 4 GB of Go caches on 2 cores" >&2
rm -rf "$bin.partial"
mkdir -p "$bin.partial"
start=$(date +%s)

minor="${KUBERNETES_VERSION#v1.}"; minor="${minor%%.*}"
now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
kver=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  kver+=" -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  kver+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$now"
done
(cd "$here/k8s" && go build -trimpath -ldflags "-s -w $kver" -o "$bin.partial/k8s" .)
for role in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  ln -sf k8s "$bin.partial/$role"
done

GOBIN="$bin.partial" go install -trimpath \
  -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v} -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=$KUBERNETES_VERSION" \
  "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
GOBIN="$bin.partial" go install -trimpath \
  -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean" \
  "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"

echo "$(( $(date +%s) - start ))" > "$bin.partial/.build-seconds"
touch "$bin.partial/.complete"
rm -rf "$bin"
mv "$bin.partial" "$bin"
echo "sandbox: built in $(cat "$bin/.build-seconds") s" >&2
echo "$bin"
