# Set-up needs only Python 3.11+ and make: uv is installed into a local bootstrap venv.
PY ?= python3
UV_HOME := .tools
UV := $(UV_HOME)/bin/uv
RUN := $(UV) run --frozen

# Installed code is compiled to bytecode once, as pip does by default (uv does not): where
# PYTHONDONTWRITEBYTECODE is set, as on this machine, every start would otherwise compile
# each module from source again (half of `apportion whatif`'s CPU time).
PYC := .venv/bin/python -m compileall -q -j 0

.PHONY: demo serve test lint typecheck bench clean java postgres web-assets chromium

$(UV):
	$(PY) -m venv $(UV_HOME)
	$(UV_HOME)/bin/pip install --quiet --disable-pip-version-check uv

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --all-extras --quiet --compile-bytecode
	$(PYC) src
	touch $@

# The demo needs only the package's own dependencies (no dev tools, no Spark): its own venv.
DEMO_ENV := .venv-demo
demo: $(UV)
	UV_PROJECT_ENVIRONMENT=$(DEMO_ENV) $(UV) sync --frozen --no-dev --quiet --compile-bytecode
	UV_PROJECT_ENVIRONMENT=$(DEMO_ENV) $(UV) run --frozen --no-dev --no-sync \
	  apportion assess examples/musser-v-provencher.yaml

# The service and the web app, on this machine's archive (the path is printed on start).
serve: .venv/.synced web-assets
	$(RUN) apportion serve

test: .venv/.synced java postgres web-assets chromium
	$(RUN) ruff check src tests bench
	$(RUN) mypy
	$(RUN) pytest -q

lint: .venv/.synced
	$(RUN) ruff check src tests bench
	$(RUN) ruff format --check src tests bench

typecheck: .venv/.synced
	$(RUN) mypy

# The Spark adapter's test needs Java 17+. Where none is found (CI runs as root on Debian),
# install a headless JRE; if that fails, the Spark test is skipped with a loud reason.
java:
	@command -v java >/dev/null 2>&1 || { \
	  echo "java not found: installing a headless JRE for the Spark test"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  { $$SUDO apt-get update -qq && \
	    { $$SUDO apt-get install -y -qq --no-install-recommends default-jre-headless || \
	      $$SUDO apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless; }; \
	  } >/dev/null 2>&1 && java -version 2>&1 | head -1 || \
	  echo "WARNING: could not install Java: the Spark test will be SKIPPED"; }

# The archive tests run a real PostgreSQL server (tests/service/pgserver.py starts and stops
# its own cluster with Debian's binaries). Where none is installed, install Debian's
# postgresql; if that fails, the tests fail (they are not skipped).
postgres:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1 || { \
	  echo "PostgreSQL not found: installing Debian's postgresql for the archive tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  { $$SUDO apt-get update -qq && \
	    $$SUDO apt-get install -y -qq --no-install-recommends postgresql; } >/dev/null 2>&1 || \
	  { echo "ERROR: could not install postgresql: the archive tests will fail"; }; }

# The web app's third-party front-end code (the charts) comes from npm, pinned by the
# lockfile, and is copied into the package (git-ignored); never from a CDN at run time.
WEB_VENDOR := src/apportion/web/static/vendor
web-assets: $(WEB_VENDOR)/chart.umd.js
$(WEB_VENDOR)/chart.umd.js: frontend/package.json frontend/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends npm; }
	cd frontend && npm ci --no-audit --no-fund --silent
	mkdir -p $(WEB_VENDOR)
	cp frontend/node_modules/chart.js/dist/chart.umd.js frontend/node_modules/chart.js/LICENSE.md $(WEB_VENDOR)/

# The browser tests drive Debian's Chromium (never a browser Playwright downloads).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "chromium not found: installing Debian's for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null; }

bench: .venv/.synced
	$(RUN) python -m bench.run

clean:
	rm -rf .venv $(DEMO_ENV) $(UV_HOME)
