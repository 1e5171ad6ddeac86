# descent — the two commands a new machine needs are `make notebook` and `make test`.
SHELL := /bin/bash
PORT ?= 8888

.PHONY: help setup notebook test test-builds hub hub-test e2e image-test lessons site bench fuzz clean

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: ## install Jupyter if missing, build the GoNB kernel into bin/, register it in .jupyter/
	@bash scripts/setup.sh

notebook: ## set up, then serve the lessons on http://127.0.0.1:$(PORT) with a token (PORT= to change)
	@PORT=$(PORT) bash scripts/notebook.sh

test: setup ## set up, then go vet and every test, the notebooks included
	@bash scripts/site.sh deps
	go vet ./...
	go test ./...
	$(MAKE) --no-print-directory test-builds
	$(MAKE) --no-print-directory e2e
	$(MAKE) --no-print-directory image-test

test-builds: ## the numerical tests again with -tags purego, -race, GOAMD64=v3 (fused multiply-adds) and GOEXPERIMENT=simd
	@bash scripts/test-builds.sh

hub: PORT = 8000
hub: ## a class's JupyterHub on http://127.0.0.1:8000 (PORT= to change): PAM logins, a server per learner; as root (README)
	@PORT=$(PORT) bash scripts/hub.sh

hub-test: ## the hub tests, as root: two learners (logins, isolation, restart), then a class of 8 at once (makes and removes dlearner-* accounts)
	DESCENT_HUB_TEST=1 DESCENT_HUB_CLASS=8 go test -count=1 -timeout 30m -v -run TestHub ./internal/hubtest/

e2e: ## the browser test: serve as 'make notebook' does, run lesson 01 in headless Chromium, screenshot to build/
	@bash scripts/e2e.sh

image-test: ## build docker/Dockerfile with buildah (no Docker engine needed) and run the browser test against the image (root)
	@bash scripts/image-test.sh

lessons: setup ## execute every notebook afresh into build/lessons/ (.ipynb and .html)
	@bash scripts/lessons.sh

site: ## the lessons as a static website in build/site/ (offline math, figures that run in the page)
	@bash scripts/site.sh

bench: setup ## benchmarks: optimizer steps and notebooks against PyTorch, the memory floor; writes docs/benchmarks.md
	@bash scripts/bench.sh
	@bash scripts/bench-notebooks.sh
	@bash scripts/bench-docs.sh

fuzz: ## run every fuzz target for FUZZTIME each (default 60s); the seed corpora run in every go test
	@bash scripts/fuzz.sh

clean: ## remove build outputs (bin/, build/, .jupyter/)
	rm -rf bin build .jupyter
