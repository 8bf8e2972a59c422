VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck bench validate screenshots clean

$(PY):
	python3 -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ]; then $(PY) main.py run; else $(PY) main.py chat; fi

lint: $(STAMP)
	$(VENV)/bin/ruff check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

test: lint typecheck
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) -m bench

# The web desk screenshots in docs/screenshots/, taken by the browser tests (needs chromium).
screenshots: $(STAMP)
	WEB_SCREENSHOTS_DIR=docs/screenshots $(PY) -m pytest -q tests/test_web_browser.py

validate: $(STAMP)
	$(PY) main.py validate policies

clean:
	rm -rf $(VENV)
