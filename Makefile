# The two commands of README.md: `make serve` and `make test`. Both install what is missing.
.PHONY: serve test build setup clean

serve:
	@scripts/setup.sh build
	@scripts/serve.sh

test:
	@scripts/setup.sh test
	@scripts/test.sh

build:
	@scripts/setup.sh build
	@bash -c '. scripts/env.sh && wasm trunk build --release'

setup:
	@scripts/setup.sh test

clean:
	rm -rf target dist .tools
