#!/usr/bin/env bash
# Runs one fuzz target (see fuzz/README.md); not part of `make test`.
#
#   scripts/fuzz.sh [TARGET] [SECONDS]    # TARGET: import (default), storage, chunk or all;
#                                         # SECONDS: 600 (each, for all)
#
# Installs cargo-fuzz when it is missing (it needs the nightly toolchain). The committed
# corpus in fuzz/corpus/TARGET is the seed; what the run finds goes to fuzz/target/work/TARGET
# (not committed), crashes to fuzz/artifacts/TARGET. FUZZ_RUNS=N stops after N inputs
# instead (and after SECONDS too when they are given). FUZZ_MAX_LEN=N sets the longest input
# (4096). FUZZ_TRACE_COMPARES=1 builds with libFuzzer's compare hooks (off by default).
# Extra libFuzzer flags can be given in FUZZ_FLAGS, e.g. FUZZ_FLAGS=-fork=8 on 8 cores.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
target=${1:-import}
seconds=${2:-600}
limit=(-max_total_time="$seconds")
if [ -n "${FUZZ_RUNS:-}" ]; then
  limit=(-runs="$FUZZ_RUNS")
  if [ $# -ge 2 ]; then limit+=(-max_total_time="$seconds"); fi
fi
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

log() { printf '\033[1m[fuzz]\033[0m %s\n' "$*" >&2; }
cargo +nightly --version >/dev/null 2>&1 || { log "the nightly toolchain is missing: rustup toolchain install nightly"; exit 1; }
if ! cargo fuzz --version >/dev/null 2>&1; then
  log "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

case $target in
  all) targets=(import storage chunk) ;;
  import | storage | chunk) targets=("$target") ;;
  *) log "unknown target '$target' (import, storage, chunk or all)"; exit 2 ;;
esac
for t in "${targets[@]}"; do
  mkdir -p "target/work/$t"
  dict=()
  # chunk's inputs are CSV files too (after their first bytes): import's words.
  case $t in
    import | chunk) dict=(-dict=import.dict) ;;
  esac
  log "$t: ${limit[*]}"
  # -a: debug assertions (and overflow checks, see Cargo.toml) on, as in the test builds.
  # No sanitizer by default: the project has no `unsafe` code, and AddressSanitizer made
  # the import target 2.7 times slower (206 against 556 runs a second, same corpus;
  # FUZZ_SANITIZER=address brings it back).
  # -max_len=4096 (libFuzzer's default): the inputs grow to it over a long run, and each
  # costs per byte; a CSV parser's bugs show in short files (see fuzz/README.md).
  # No compare hooks (--no-trace-compares) unless FUZZ_TRACE_COMPARES=1: they were two
  # thirds of import's instructions; without them import ran twice the inputs a second and
  # reached more coverage in the same 45 s (fuzz/README.md).
  cmp=(--no-trace-compares)
  if [ "${FUZZ_TRACE_COMPARES:-}" = 1 ]; then cmp=(); fi
  # shellcheck disable=SC2086
  cargo +nightly fuzz run -a -s "${FUZZ_SANITIZER:-none}" "${cmp[@]}" "$t" "target/work/$t" "corpus/$t" -- \
    "${limit[@]}" -rss_limit_mb=2048 -max_len="${FUZZ_MAX_LEN:-4096}" -timeout=10 \
    -print_final_stats=1 "${dict[@]}" ${FUZZ_FLAGS:-}
done
