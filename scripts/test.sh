#!/usr/bin/env bash
# Every test, in order, stopping at the first failure:
#   cargo fmt --check, leptosfmt --check (the view! macros), clippy (native, and the UI for wasm32), native cargo test, the release wasm build (trunk),
#   wasm-bindgen-tests in headless Chromium, and the Playwright end-to-end suite on dist/.
# Ends with each runner's own summary lines.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
logs=target/test-logs
mkdir -p "$logs"
summary=()
started=$SECONDS

step() {
  local name=$1; shift
  local t0=$SECONDS
  printf '\n\033[1m==> %s\033[0m\n' "$name"
  if ! "$@" 2>&1 | tee "$logs/$name.log"; then
    printf '\n\033[31mFAILED: %s\033[0m (log: %s)\n' "$name" "$logs/$name.log"
    exit 1
  fi
  summary+=("$(printf '%-18s %4ss' "$name" $((SECONDS - t0)))")
}

step fmt cargo fmt --all -- --check
step leptosfmt leptosfmt --check --quiet src
step clippy cargo clippy --workspace --all-targets --locked --offline -- -D warnings
step clippy-wasm wasm cargo clippy --target wasm32-unknown-unknown --lib --locked --offline -- -D warnings
step cargo-test cargo test --locked --offline
step trunk-build wasm trunk build --release
step wasm-test wasm env \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --test web --locked --offline
step e2e node --test --test-concurrency=1 tests/e2e/

printf '\n\033[1m==> summary\033[0m (%ss in all)\n' $((SECONDS - started))
printf '%s\n' "${summary[@]}"
echo "-- native cargo test:"
grep -h '^test result:' "$logs/cargo-test.log" | grep -v ' 0 passed; 0 failed; 0 ignored; 0 measured'

echo "-- wasm-bindgen-test:"
grep -h '^test result:' "$logs/wasm-test.log"
echo "-- end-to-end (node --test):"
grep -hE '^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms)' "$logs/e2e.log"
