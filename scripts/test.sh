#!/usr/bin/env bash
# `npm test`: installs what is missing, type-checks, runs the unit tests, starts a fresh sandbox
# of its own (.sandbox-test, so a developer's .sandbox keeps running), builds and serves the
# dashboard against it, runs the integration and browser tests, stops everything it started,
# and prints one summary line.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-deps.sh || exit 1

export CUBBY_SANDBOX_DIR=.sandbox-test
export CUBBY_NEXT_DIST_DIR=.next-test
sandbox_cli=(npx tsx --conditions=react-server sandbox/cli.ts)
results=.test-results
rm -rf "$results" && mkdir -p "$results"
status=0
serve_pid=""

cleanup() {
  [ -n "$serve_pid" ] && kill -- "-$serve_pid" 2>/dev/null
  [ -f "$results/tsconfig.json" ] && ! cmp -s tsconfig.json "$results/tsconfig.json" && cp "$results/tsconfig.json" tsconfig.json
  "${sandbox_cli[@]}" down >/dev/null 2>&1
}
trap cleanup EXIT

echo "== typecheck"
npx tsc --noEmit -p . || status=1

echo "== unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile="$results/unit.json" || status=1

echo "== sandbox"
"${sandbox_cli[@]}" down >/dev/null 2>&1
if ! "${sandbox_cli[@]}" up; then
  echo "the sandbox did not start; see $CUBBY_SANDBOX_DIR/logs" >&2
  node scripts/summarize-tests.mjs "$results"
  exit 1
fi

echo "== dashboard build"
# next build adds its dist folder's types to tsconfig.json; cleanup puts the file back as it was.
cp tsconfig.json "$results/tsconfig.json"
if npm run build > "$results/next-build.log" 2>&1; then
  port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  export CUBBY_TEST_BASE_URL="http://localhost:$port"
  setsid "${sandbox_cli[@]}" serve "$port" > "$results/dashboard.log" 2>&1 &
  serve_pid=$!
  for _ in $(seq 1 120); do
    curl -sf "$CUBBY_TEST_BASE_URL/api/openapi.json" >/dev/null && break
    sleep 0.5
  done
else
  tail -30 "$results/next-build.log" >&2
  status=1
fi

echo "== integration tests"
npx vitest run --project integration --reporter=default --reporter=json --outputFile="$results/integration.json" || status=1

if ls e2e/*.spec.ts >/dev/null 2>&1; then
  echo "== browser tests"
  PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e.playwright.json" npx playwright test --reporter=list,json || status=1
fi

node scripts/summarize-tests.mjs "$results" || status=1
exit $status
