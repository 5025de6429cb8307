# Two commands do all the set-up:  `make lab` (open the series)  and  `make test` (run every test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LAB_ARGS ?=
# JupyterLab refuses to run as root (containers, CI) unless told to.
ROOT_ARGS := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: setup lab test browser-deps notebooks benchmark clean

# (Re)install when requirements.txt or pyproject.toml change.
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

## make lab: JupyterLab on notebooks/ (full mode: the real numbers)
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(ROOT_ARGS) $(LAB_ARGS)

## make test: package tests, then every notebook in fast mode through nbval
test: $(STAMP)
	$(BIN)/python -m pytest

## make browser-deps: the system Chromium that tests/browser drives (Debian/Ubuntu; needs root or sudo).
## Without it the browser tests are skipped and everything else still runs.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
browser-deps:
	command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

## make notebooks: re-execute every notebook in full mode, in place (the committed outputs),
## timing each one for the README table
notebooks: $(STAMP)
	$(BIN)/python benchmarks/notebook_times.py --mode full --inplace

## make benchmark: time every notebook in fast mode (and the NumPy-vs-Keras speed benchmark)
benchmark: $(STAMP)
	$(BIN)/python benchmarks/notebook_times.py --mode fast

clean:
	rm -rf $(VENV) *.egg-info
