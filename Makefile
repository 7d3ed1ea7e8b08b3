# The two commands of the README: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
APT_PACKAGES := chromium gdal-bin

.PHONY: run test setup data system-deps bench clean

# Set everything up, prepare the gazetteer, then serve the dashboard on localhost:$(PORT).
run: setup data
	$(PY) -m streamlit run dashboard/app.py --server.port $(PORT) --server.address localhost \
		--server.headless true --browser.gatherUsageStats false

# Every test, the browser ones included.
test: setup system-deps
	$(PY) -m pytest

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Build the gazetteer index from ../shared, the public downloads, or the embedded fallback.
data: setup
	$(PY) -m gazetteer data install

# Debian packages the tests use: chromium for the browser tests, gdal-bin (ogrinfo) to read exports back.
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v ogrinfo >/dev/null 2>&1 || missing="$$missing gdal-bin"; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

bench: setup
	for script in benchmarks/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) data test-artifacts .pytest_cache
