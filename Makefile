# Docent: the two commands a newcomer needs are `make demo` and `make test`.
# Both install the system libraries Docent links against when they are missing
# (Debian/Ubuntu, as root or with sudo), then build and run.

SWIFT ?= swift
SWIFT_FLAGS ?=
SYSTEM_PACKAGES := libcurl4-openssl-dev libxml2-dev libsqlite3-dev libvips-dev pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test build deps bench clean browser-test screenshots vision-check

## Install the C libraries Docent needs, if pkg-config does not find them.
deps:
	@if pkg-config --exists libcurl libxml-2.0 sqlite3 vips 2>/dev/null; then :; else \
		echo "Installing $(SYSTEM_PACKAGES)…"; \
		$(SUDO) apt-get update && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y $(SYSTEM_PACKAGES); \
	fi

build: deps
	$(SWIFT) build $(SWIFT_FLAGS) --product docent

## The main job: write drafts for the sample artworks with the built-in offline engine.
demo: build
	$(SWIFT) run $(SWIFT_FLAGS) --skip-build docent run
	@echo
	@echo "Drafts for every artwork, audience and language are in output/<artwork-id>/."
	@echo "Try: .build/debug/docent status"

## The test suite (unit tests and end-to-end tests of the built binary).
test: deps
	$(SWIFT) build $(SWIFT_FLAGS) --build-tests
	$(SWIFT) test $(SWIFT_FLAGS) --skip-build

## `docent review` in a real browser: headless Chromium through Selenium (Debian's chromium and
## chromium-driver, Selenium from PyPI in .venv-browser/), installed when missing.
BROWSER_VENV := .venv-browser
browser-deps:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; else \
		echo "Installing chromium and chromium-driver…"; \
		$(SUDO) apt-get update && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; \
	fi
	@if [ -x $(BROWSER_VENV)/bin/python ] && $(BROWSER_VENV)/bin/python -c "import selenium" 2>/dev/null; then :; else \
		python3 -m venv $(BROWSER_VENV) && $(BROWSER_VENV)/bin/pip install --quiet selenium; \
	fi

browser-test: build browser-deps
	$(SWIFT) build $(SWIFT_FLAGS) --product docent-mock-llm
	$(BROWSER_VENV)/bin/python Tests/browser/review_app.py $$($(SWIFT) build $(SWIFT_FLAGS) --show-bin-path)/docent

## The image audiences against an endpoint Docent did not write: requests checked with the
## official OpenAI and Anthropic SDKs' request types (PyPI), in both API shapes.
VISION_VENV := .venv-vision
vision-check: build
	@if [ -x $(VISION_VENV)/bin/python ] && $(VISION_VENV)/bin/python -c "import openai, anthropic" 2>/dev/null; then :; else \
		python3 -m venv $(VISION_VENV) && $(VISION_VENV)/bin/pip install --quiet openai anthropic; \
	fi
	$(VISION_VENV)/bin/python Tests/vision/check.py $$($(SWIFT) build $(SWIFT_FLAGS) --show-bin-path)/docent

## The README's screenshots of `docent review` (docs/screenshots/).
screenshots: build browser-deps
	$(SWIFT) build $(SWIFT_FLAGS) --product docent-mock-llm
	$(BROWSER_VENV)/bin/python Tests/browser/review_app.py $$($(SWIFT) build $(SWIFT_FLAGS) --show-bin-path)/docent --screenshots docs/screenshots

## Benchmarks, in release mode, measured in one run against docent-mock-llm.
bench: deps
	$(SWIFT) build -c release $(SWIFT_FLAGS) --product docent-mock-llm
	$(SWIFT) build -c release $(SWIFT_FLAGS) --product docent
	$(SWIFT) build -c release $(SWIFT_FLAGS) --product docent-bench
	@if [ -x $(VISION_VENV)/bin/python ] && $(VISION_VENV)/bin/python -c "import openai" 2>/dev/null; then :; else \
		python3 -m venv $(VISION_VENV) && $(VISION_VENV)/bin/pip install --quiet openai anthropic; \
	fi
	$$($(SWIFT) build -c release --show-bin-path)/docent-bench --mock $$($(SWIFT) build -c release --show-bin-path)/docent-mock-llm \
		--peer-python $(VISION_VENV)/bin/python

clean:
	rm -rf .build output/*/ output/report.json output/index.html
