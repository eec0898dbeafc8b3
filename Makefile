# Sinkplanner — two commands: `make run` and `make test`.
# Both set everything up on a fresh Debian/Ubuntu machine (system libraries when run as root,
# a virtual environment in .venv with all Python packages), then do their job.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PROJECT ?= sample_data/demo_county/demo_county.toml

# Debian packages: Qt's X11/EGL runtime, CJK fonts (Noto CJK for the screen; WenQuanYi Micro Hei, a
# TrueType font, for PDF reports with embedded subset fonts), poppler (PDF checks), Xvfb.
SYSTEM_PACKAGES := python3 python3-venv python3-pip libegl1 libgl1 libfontconfig1 libdbus-1-3 \
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxrender1 \
  libxi6 libsm6 libice6 fonts-noto-cjk fonts-wqy-microhei poppler-utils xvfb xauth

.PHONY: run test setup system-deps venv lint bench demo-data clean

run: setup
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ] && [ -z "$$QT_QPA_PLATFORM" ]; then \
	  echo "No display found (DISPLAY/WAYLAND_DISPLAY unset). Run 'make run' from a desktop session,"; \
	  echo "or preview headless with: xvfb-run -a make run"; exit 1; fi
	$(VENV)/bin/sinkplanner --project $(PROJECT)

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

setup: system-deps $(STAMP)

# Installs missing system packages when running as root (apt); otherwise lists what is missing.
system-deps:
	@if command -v dpkg-query >/dev/null 2>&1; then \
	  missing=""; for p in $(SYSTEM_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	  done; \
	  if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = "0" ]; then \
	      echo "Installing system packages:$$missing"; \
	      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	    else \
	      echo "Missing system packages:$$missing"; \
	      echo "Install them with: sudo apt-get install$$missing   (continuing; the app may not start without them)"; \
	    fi; \
	  fi; \
	fi

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	@touch $(STAMP)

venv: $(STAMP)

lint: setup
	$(VENV)/bin/ruff check app gis sinkmodels tests bench sample_data
	$(VENV)/bin/mypy --strict gis sinkmodels

bench: setup
	$(PY) -m pytest -q -m bench -p no:cacheprovider bench

demo-data: setup
	$(PY) sample_data/make_demo_county.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
