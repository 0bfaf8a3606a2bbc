# The two commands of the README, plus the benchmark. Each installs what is missing.
.PHONY: run test bench
ARGS ?=

run: ## build the app, start the sync server on http://127.0.0.1:8080
	scripts/run.sh $(ARGS)

test: ## every test: fmt, clippy, host, in-browser, end-to-end
	scripts/test.sh

bench: ## build release and write target/bench/report.md and report.json
	scripts/bench.sh
