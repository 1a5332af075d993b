# Set-up needs only Python 3.11+ and make: uv is installed into a local bootstrap venv.
PY ?= python3
UV_HOME := .tools
UV := $(UV_HOME)/bin/uv
RUN := $(UV) run --frozen

.PHONY: demo test lint typecheck bench clean

$(UV):
	$(PY) -m venv $(UV_HOME)
	$(UV_HOME)/bin/pip install --quiet --disable-pip-version-check uv

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --all-extras --quiet
	touch $@

demo: .venv/.synced
	$(RUN) apportion assess examples/musser-v-provencher.yaml

test: .venv/.synced
	$(RUN) ruff check src tests bench
	$(RUN) mypy
	$(RUN) pytest -q

lint: .venv/.synced
	$(RUN) ruff check src tests bench
	$(RUN) ruff format --check src tests bench

typecheck: .venv/.synced
	$(RUN) mypy

bench: .venv/.synced
	$(RUN) python -m bench.run

clean:
	rm -rf .venv $(UV_HOME)
