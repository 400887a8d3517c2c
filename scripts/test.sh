#!/usr/bin/env bash
# `npm test`: installs what is missing, type-checks, runs the unit tests, starts a fresh sandbox
# of its own (.sandbox-test, so a developer's .sandbox keeps running), runs the integration and
# browser tests against it, stops it, and prints one summary line.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-deps.sh || exit 1

export CUBBY_SANDBOX_DIR=.sandbox-test
results=.test-results
rm -rf "$results" && mkdir -p "$results"
status=0

echo "== typecheck"
npx tsc --noEmit -p . || status=1

echo "== unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile="$results/unit.json" || status=1

echo "== sandbox for integration tests"
npx tsx --conditions=react-server sandbox/cli.ts down >/dev/null 2>&1
stop_sandbox() { npx tsx --conditions=react-server sandbox/cli.ts down >/dev/null 2>&1; }
trap stop_sandbox EXIT
if npx tsx --conditions=react-server sandbox/cli.ts up; then
  echo "== integration tests"
  npx vitest run --project integration --reporter=default --reporter=json --outputFile="$results/integration.json" || status=1
  if ls e2e/*.spec.ts >/dev/null 2>&1; then
    echo "== browser tests"
    PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e.playwright.json" npx playwright test --reporter=list,json || status=1
  fi
else
  echo "sandbox did not start; see $CUBBY_SANDBOX_DIR/logs" >&2
  status=1
fi

node scripts/summarize-tests.mjs "$results" || status=1
exit $status
