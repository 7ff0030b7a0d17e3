# Two commands matter on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
PORT ?= 8000

.PHONY: run test setup lint test-sqlite test-postgres bench bench-workflows clean browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)
	$(PY) -m nghiquyet.i18n

run: setup
	$(BIN)/nghiquyet migrate --no-input
	$(BIN)/nghiquyet load-units
	$(BIN)/nghiquyet demo
	$(BIN)/nghiquyet serve --port $(PORT)

# Debian's chromium for the browser tests; never a browser download.
browser:
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || \
	  { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	    else echo "chromium chưa được cài: các kiểm thử trình duyệt sẽ bị bỏ qua (sudo apt-get install chromium)"; fi; }

lint: setup
	$(BIN)/ruff check src tests bench

test-sqlite: setup browser
	$(BIN)/pytest -n 2 tests

test-postgres: setup
	@if $(PY) -m nghiquyet.dbcheck "$(TEST_DATABASE_URL)"; then \
	  DATABASE_URL="$(TEST_DATABASE_URL)" $(BIN)/pytest -n 2 -m "not browser" tests; \
	elif [ "$$CI" = "true" ]; then echo "PostgreSQL không truy cập được tại $(TEST_DATABASE_URL) (bắt buộc khi CI=true)"; exit 1; \
	else echo "Bỏ qua lượt kiểm thử PostgreSQL: không kết nối được $(TEST_DATABASE_URL)"; fi

test: lint test-sqlite test-postgres

bench: setup
	$(PY) bench/rollup.py

# Reporting and task workflows at province scale (add ARGS=--national for the whole country).
bench-workflows: setup
	NGHIQUYET_HOME=$$(mktemp -d) $(PY) bench/workflows.py --fresh $(ARGS)

clean:
	rm -rf $(VENV) var
