# One entry point for people and CI. Every target installs what it needs first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SPEC := spec/openai.yaml
CONFIG := spec/openai.config.yaml
OUT := generated

.PHONY: generate test check golden bench update-spec clean lint fuzz accept-all equivalence bench-parsers template-docs

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

venv: $(VENV)/.installed
node: node_modules/.installed

## Generate generated/ from spec/ (sets up the virtualenv on a fresh machine).
generate: $(VENV)/.installed
	$(PY) -m generator generate $(SPEC) -o $(OUT) $(if $(wildcard $(CONFIG)),--config $(CONFIG))

## Run every test: unit, golden, runtime, generated clients against the Steady mock server, type checks, drift check.
test: $(VENV)/.installed node_modules/.installed
	$(PY) -m pytest -q
	$(MAKE) --no-print-directory check

## Exit 1 when generated/ is not what spec/ and templates/ produce now.
check: $(VENV)/.installed
	$(PY) -m generator check $(SPEC) -o $(OUT) $(if $(wildcard $(CONFIG)),--config $(CONFIG))

## Rewrite the expected golden trees in tests/golden/ from tests/fixtures/.
golden: $(VENV)/.installed
	$(PY) -m tests.golden_update

## Rewrite docs/templates.md (the template context reference) from the emission classes and templates/.
template-docs: $(VENV)/.installed
	$(PY) -m generator.render.context

## Property test at scale (issue 7): random OpenAPI documents; EXAMPLES=N to change (~20 min at 5,000).
fuzz: $(VENV)/.installed
	OASGEN_FUZZ_EXAMPLES=$(or $(EXAMPLES),5000) $(PY) -m pytest -q -p no:cacheprovider tests/test_fuzz_generate.py

## Acceptance on every ../shared spec, the slow ones (stripe, openai, jira, adyen, digitalocean) included, with mypy --strict.
accept-all: $(VENV)/.installed
	OASGEN_ACCEPT_ALL=1 $(PY) -m pytest -q -p no:cacheprovider tests/acceptance

## The Rust validator against stock openapi-spec-validator on every shared spec (~1-3 min).
equivalence: $(VENV)/.installed
	OASGEN_EQUIVALENCE_ALL=1 $(PY) -m pytest -q -p no:cacheprovider tests/test_validator_equivalence.py

## YAML parser benchmark (the table in the README).
bench-parsers: $(VENV)/.installed
	$(PY) -m bench.yaml_parsers

## Benchmarks (speed and memory targets live here, never in tests).
bench: $(VENV)/.installed node_modules/.installed
	$(PY) -m bench

## Download a new version of the spec: make update-spec URL=https://.../openapi.yaml
update-spec:
	@test -n "$(URL)" || { echo "usage: make update-spec URL=https://..."; exit 2; }
	curl -fsSL "$(URL)" -o $(SPEC).new && mv $(SPEC).new $(SPEC)
	@echo "updated $(SPEC); now run 'make generate' and review the diff"

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache
