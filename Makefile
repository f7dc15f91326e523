# The two commands of README.md: `make serve` and `make test`. Both install what is missing.
.PHONY: serve test build setup clean bench-storage bench-interactive bench-breakdown bench-first-render

serve:
	@echo "Rapport will be at http://127.0.0.1:$${PORT:-8080}/ once it is built (the first run installs what is missing)"
	@scripts/setup.sh build
	@scripts/serve.sh

test:
	@scripts/setup.sh test
	@scripts/test.sh

build:
	@scripts/setup.sh build
	@bash -c '. scripts/env.sh && wasm trunk build --release'

# Storage benchmark (not a test): save and reload of the 1M-order data set in Chromium, on dist/.
bench-storage: build
	@node bench/storage.mjs

bench-interactive: build
	@node bench/interactive.mjs

bench-breakdown: build
	@node bench/breakdown.mjs

bench-first-render: build
	@node bench/first_render.mjs

setup:
	@scripts/setup.sh test

clean:
	rm -rf target dist .tools
