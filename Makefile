# Two commands for a fresh machine with python3 (3.11-3.13) and make: `make run`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

QM     := mjdesk/resources/mjdesk_zh_CN.qm

.PHONY: run test lint bench clean translations update-translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

# Compiled translations ship inside the package; the .ts source lives in resources/.
$(QM): resources/mjdesk_zh_CN.ts | $(VENV)/.installed
	mkdir -p $(dir $@)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(QM)

# Re-extract every tr()/translate()/QT_TRANSLATE_NOOP string into the .ts file (then translate).
update-translations: $(VENV)/.installed
	$(BIN)/pyside6-lupdate -extensions py mjdesk -ts resources/mjdesk_zh_CN.ts -locations none

run: $(VENV)/.installed $(QM)
	$(BIN)/mjdesk --demo

test: $(VENV)/.installed-test $(QM)
	$(BIN)/python -m ruff check mjdesk tests benchmarks
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed-test
	$(BIN)/python -m ruff check mjdesk tests benchmarks

bench: $(VENV)/.installed-test
	for f in benchmarks/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info
