# Two commands do all the set-up:  `make lab` (open the series)  and  `make test` (run every test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
## The series' JupyterLab defaults (no "notified about official Jupyter news?" popup, no update check), installed
## into the venv's own JupyterLab settings folder: the learner's own JupyterLab settings are never touched.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
LAB_ARGS ?=
# JupyterLab refuses to run as root (containers, CI) unless told to.
ROOT_ARGS := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: setup lab lab-zh zh test check-portable browser-deps notebooks weights benchmark clean

# (Re)install when requirements.txt, constraints.txt or pyproject.toml change. constraints.txt pins
# every package to the version the whole suite passed with (tests/test_constraints.py keeps it current).
$(STAMP): requirements.txt constraints.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP) $(LAB_OVERRIDES)

$(LAB_OVERRIDES): .jupyter-lab/overrides.json $(STAMP)
	mkdir -p $(dir $@)
	cp .jupyter-lab/overrides.json $@

## make lab: JupyterLab on notebooks/ (full mode: the real numbers)
lab: $(STAMP) $(LAB_OVERRIDES)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(ROOT_ARGS) $(LAB_ARGS)

## make lab-zh: the Chinese edition (notebooks/zh/) in JupyterLab with its interface in Chinese. The settings
## folder is the project's .jupyter-zh/settings (locale zh_CN), never your own JupyterLab settings;
## .jupyter-zh/jupyter_server_config.json hides the translation catalogs from the file browser.
ZH_SETTINGS := .jupyter-zh/settings
lab-zh: $(STAMP) $(LAB_OVERRIDES)
	LSTM_LANGUAGE=zh $(BIN)/jupyter lab --ServerApp.root_dir=notebooks/zh --LabApp.user_settings_dir=$(ZH_SETTINGS) \
	  --LabApp.workspaces_dir=.jupyter-zh/workspaces --config=.jupyter-zh/jupyter_server_config.json \
	  $(ROOT_ARGS) $(LAB_ARGS)

## make zh: regenerate notebooks/zh/ from the English notebooks and notebooks/zh/catalog/ (no execution);
## lists the markdown cells still to translate (`tools/zh_edition.py --todo` shows them in full)
zh: $(STAMP)
	$(BIN)/python tools/zh_edition.py

## make test: package tests, then every notebook in fast mode through nbval
test: $(STAMP) $(LAB_OVERRIDES)
	$(BIN)/python -m pytest

## make check-portable: the notebooks' pinned cells (# NBVAL_CHECK_OUTPUT) under a second BLAS setting:
## OpenBLAS's generic kernel and one thread. Passes only if every pinned output is unchanged, so a pin that
## depends on rounding (a chaotic value) fails here before it fails on someone else's CPU. Run it before
## committing notebooks. `make test` itself never forces BLAS settings.
PORTABLE_ENV ?= OPENBLAS_CORETYPE=Prescott OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
NOTEBOOKS ?= notebooks
check-portable: $(STAMP)
	env $(PORTABLE_ENV) $(BIN)/python -m pytest $(NOTEBOOKS)

## make browser-deps: the system Chromium that tests/browser drives, and a CJK font (fonts-wqy-microhei) so the
## Chinese edition renders in it (Debian/Ubuntu; needs root or sudo).
## Without it the browser tests are skipped and everything else still runs.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
browser-deps:
	command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }
	fc-list :lang=zh 2>/dev/null | grep -q . || \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq fonts-wqy-microhei; }

## make notebooks: re-execute every notebook in full mode, in place (the committed outputs), training
## from scratch (LSTM_TRAIN=1) and rewriting weights/ from the same run, timing each for the README table
notebooks: $(STAMP)
	$(BIN)/python benchmarks/notebook_times.py --mode full --inplace --write-weights

## make weights: retrain the notebooks that train (01, 03, 04, 05, 06) and rewrite weights/ and its manifest,
## re-executing those notebooks in place too, so that their committed outputs and weights agree
## (tests/test_rescoring.py checks that they do)
TRAINING_NOTEBOOKS ?= 01 03 04 05 06
weights: $(STAMP)
	$(BIN)/python benchmarks/notebook_times.py --mode full --inplace --write-weights --only $(TRAINING_NOTEBOOKS)

## make benchmark: time every notebook in fast mode and in full mode with the committed weights
## (what a learner's Run All costs); `benchmarks/lstm_speed.py` is the NumPy-vs-Keras speed benchmark
benchmark: $(STAMP)
	$(BIN)/python benchmarks/notebook_times.py --mode fast
	$(BIN)/python benchmarks/notebook_times.py --mode load

clean:
	rm -rf $(VENV) *.egg-info
