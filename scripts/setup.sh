#!/usr/bin/env bash
# Installs whatever `make serve`, `make build` and `make test` need and is missing.
# Re-running on a machine that has everything takes a second or two: each step checks first.
#
#   scripts/setup.sh build   # Rust + wasm32 target, trunk, wasm-bindgen, npm packages
#   scripts/setup.sh test    # the same + leptosfmt, Chromium, ChromeDriver and pdftotext
#
# The wasm32 target comes the normal way (`rustup target add`) when possible. Where that
# cannot download (machines that reach only the package registries), the fallback is
# Debian's rustc-web with its std sources, linked as the rustup toolchain `debian-web`
# and building std for wasm32 with -Zbuild-std; RAPPORT_WASM=debian forces it (see
# docs/TOOLCHAIN.md). The choice is written to .tools/wasm-env.sh, which scripts/env.sh
# reads for every wasm build.
set -euo pipefail
cd "$(dirname "$0")/.."
want=${1:-test}
TRUNK_VERSION=0.21.14
LEPTOSFMT_VERSION=0.1.33
mkdir -p .tools

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  command -v apt-get >/dev/null || { log "please install: $* (no apt-get here)"; exit 1; }
  log "apt-get install $*"
  sudo_if_needed apt-get update -qq || true
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
# `cargo install` puts tools in $CARGO_HOME/bin; rustup's cargo and rustc are in ~/.cargo/bin.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PATH"

# --- native Rust: rustfmt and clippy -------------------------------------------------------
command -v cargo >/dev/null || { log "Rust is missing: install it from https://rustup.rs"; exit 1; }
cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
cargo clippy --version >/dev/null 2>&1 || rustup component add clippy

# --- the wasm32 target ---------------------------------------------------------------------
wasm_env=.tools/wasm-env.sh
rustup_has_wasm() { [ -d "$(rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown/lib" ]; }
debian_ready() {
  rustup toolchain list 2>/dev/null | grep -q '^debian-web' &&
    [ -d /usr/lib/rustlib/src/rust/library ] && [ -x /usr/bin/rust-lld ] && [ -x /usr/bin/cargo-clippy ]
}
# Writes the route's environment; says which route when it changes.
choose() {
  if [ "$(cat "$wasm_env" 2>/dev/null)" != "$1" ]; then log "wasm32 build: $2"; fi
  printf '%s\n' "$1" > "$wasm_env"
}
use_rustup() { choose "# wasm32 std from rustup (prebuilt)" "rustup's prebuilt wasm32 target"; }
use_debian() {
  choose "# wasm32 via Debian's rustc-web + build-std (rustup could not download the target)
export RUSTUP_TOOLCHAIN=debian-web RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort" \
    "Debian's rustc-web, building std for wasm32 (RAPPORT_WASM=debian, or rustup could not download the target)"
}
install_debian() {
  log "falling back to Debian's rustc-web + build-std"
  apt_install rustc-web cargo-web rust-web-src rust-web-llvm rust-web-clippy lld-22
  rustup toolchain list 2>/dev/null | grep -q '^debian-web' || rustup toolchain link debian-web /usr
  debian_ready || { log "the Debian fallback is incomplete"; exit 1; }
}
# RAPPORT_WASM=debian forces the fallback (to test it on a machine where rustup works).
if [ "${RAPPORT_WASM:-}" = debian ]; then
  debian_ready || install_debian
  use_debian
elif rustup_has_wasm; then
  use_rustup
elif debian_ready; then
  use_debian
elif timeout "${RUSTUP_TARGET_TIMEOUT:-90}" rustup target add wasm32-unknown-unknown && rustup_has_wasm; then
  use_rustup
else
  log "rustup could not add wasm32-unknown-unknown"
  install_debian
  use_debian
fi

# --- cargo-installed tools (built with the native toolchain) ------------------------------
have_version() { command -v "$1" >/dev/null && "$1" --version 2>/dev/null | grep -qF " $2"; }
if ! have_version trunk "$TRUNK_VERSION"; then
  log "cargo install trunk $TRUNK_VERSION (a few minutes, once)"
  env -u RUSTUP_TOOLCHAIN cargo install trunk --version "$TRUNK_VERSION" --locked
fi
# leptosfmt formats the `view!` macros, which rustfmt leaves alone; `make test` checks them.
if [ "$want" = test ] && ! have_version leptosfmt "$LEPTOSFMT_VERSION"; then
  log "cargo install leptosfmt $LEPTOSFMT_VERSION (a minute, once)"
  env -u RUSTUP_TOOLCHAIN cargo install leptosfmt --version "$LEPTOSFMT_VERSION" --locked
fi
# wasm-bindgen's CLI must equal the wasm-bindgen crate in Cargo.lock.
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if ! have_version wasm-bindgen "$wb_version"; then
  log "cargo install wasm-bindgen-cli $wb_version (a few minutes, once)"
  # Not --locked: its lock file names a webpki-roots version some registries lack.
  env -u RUSTUP_TOOLCHAIN cargo install wasm-bindgen-cli --version "$wb_version"
fi

# --- npm packages: echarts, playwright-core, binaryen (wasm-opt), axe-core -----------------
command -v npm >/dev/null || apt_install nodejs npm
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.package-lock.json ] || [ "$(cat .tools/npm.stamp 2>/dev/null)" != "$lock_sum" ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > .tools/npm.stamp
fi

# --- crates: every build and test step after this one runs with --offline ----------------
# A locked resolve needs every crate of Cargo.lock on disk, also those of other platforms
# (event-listener's `parking` is native-only, yet the wasm32 clippy resolves it), so the
# fetch is for all platforms; the wasm32 fetch adds std's own crates on the build-std route.
# The offline check costs a fraction of a second and is the only work on a warm machine.
fetch_check() {
  cargo fetch --offline --locked -q && (. "$wasm_env"; cargo fetch --offline --locked --target wasm32-unknown-unknown -q)
}
if ! fetch_check 2>/dev/null; then
  log "cargo fetch: the project's crates from the Rust package registry"
  cargo fetch --locked -q
  (. "$wasm_env"; cargo fetch --locked --target wasm32-unknown-unknown -q)
  if ! missing=$(fetch_check 2>&1); then
    log "after the fetch, a crate the offline builds need is still missing:"
    printf '%s\n' "$missing" >&2
    exit 1
  fi
fi

# --- Chromium and ChromeDriver (tests only) ------------------------------------------------
if [ "$want" = test ]; then
  if [ -z "${CHROMIUM:-}" ] && ! { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; }; then
    apt_install chromium chromium-driver
  fi
  # The print test reads Chromium's PDF back as text.
  command -v pdftotext >/dev/null || apt_install poppler-utils
  # Chinese text (names in the data, the 简体中文 UI) in screenshots needs a CJK font.
  if command -v fc-list >/dev/null && [ -z "$(fc-list :lang=zh 2>/dev/null | head -1)" ]; then
    apt_install fonts-noto-cjk
  fi
fi
exit 0
