# Sourced by the other scripts: tool paths and the wasm build environment.
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# Runs a command with the wasm32 toolchain chosen by scripts/setup.sh.
wasm() { (. .tools/wasm-env.sh && "$@"); }
