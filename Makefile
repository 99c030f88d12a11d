# Two commands for a fresh machine with python3 (3.11-3.13) and make: `make run`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

QM     := mjdesk/resources/mjdesk_zh_CN.qm

.PHONY: run test lint bench clean translations update-translations system-libs

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

# List the tr()/translate()/QT_TRANSLATE_NOOP strings the .ts file lacks (translate, then `add`).
update-translations: $(VENV)/.installed
	$(BIN)/python resources/translations.py missing

# Debian packages the app needs from the system: Qt Multimedia (the in-app video player) links
# PulseAudio's client library, which minimal images lack. As root (CI) they are installed
# non-interactively; anyone else is told what to install (without it, videos open in the system's
# player instead).
SYSTEM_LIBS := libpulse.so.0:libpulse0
system-libs:
	@for pair in $(SYSTEM_LIBS); do lib=$${pair%%:*}; pkg=$${pair##*:}; \
	  /sbin/ldconfig -p 2>/dev/null | grep -q " $$lib " && continue; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $$pkg >/dev/null; \
	  else echo "mjdesk: $$lib not found: install the Debian package $$pkg" >&2; fi; done

run: $(VENV)/.installed $(QM) system-libs
	$(BIN)/mjdesk --demo

# What CI runs: the checks, the strict suite, then the frozen bundle's smoke test.
# The suite runs in parallel (xdist, one worker per core, at most 4) under coverage, which follows
# the CLI and app subprocesses too; the report fails below [tool.coverage.report] fail_under.
test: lint $(QM) system-libs
	$(BIN)/python -m coverage erase
	$(BIN)/python -m coverage run -m pytest -q -n auto --maxprocesses 4
	$(BIN)/python -m coverage combine -q
	@printf 'coverage: '; $(BIN)/python -m coverage report --format=total
	$(MAKE) --no-print-directory package-test

# Style, format, architecture contracts (pyproject [tool.importlinter]) and types ([tool.mypy]).
LINTED := mjdesk tests benchmarks packaging resources
lint: $(VENV)/.installed-test
	$(BIN)/python -m ruff check $(LINTED)
	$(BIN)/python -m ruff format --check $(LINTED)
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m mypy

bench: $(VENV)/.installed-test
	for f in benchmarks/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

# Installers: the frozen one-folder app (PyInstaller) as dist/*.tar.gz and dist/*.deb; package-test
# smoke-tests the bundle and checks the packages, so a broken freeze fails `make test`.
.PHONY: package package-test icons

$(VENV)/.installed-packaging: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[packaging]'
	touch $@

# Tools from Debian a bare system may lack: PyInstaller reads ELF dependencies with objdump; the
# package check validates the desktop entry and the AppStream file. As root (CI) they are installed
# non-interactively, anyone else is told what to install.
PACKAGE_TOOLS := objdump:binutils appstreamcli:appstream desktop-file-validate:desktop-file-utils
package: $(VENV)/.installed-packaging $(QM)
	@for pair in $(PACKAGE_TOOLS); do tool=$${pair%%:*}; pkg=$${pair##*:}; \
	  command -v $$tool >/dev/null && continue; \
	  { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $$pkg >/dev/null; } \
	  || { echo "make package: $$tool not found: install the Debian package $$pkg" >&2; exit 1; }; done
	$(BIN)/python packaging/build_linux.py

package-test: package
	$(BIN)/python packaging/smoke_test.py dist/mjdesk/mjdesk
	$(BIN)/python packaging/check_packages.py

# Re-render resources/icons/ (PNGs, .ico, .icns) after editing mjdesk.svg; the results are committed.
icons: $(VENV)/.installed
	$(BIN)/python packaging/icons/render_icons.py

clean:
	rm -rf $(VENV) build dist *.egg-info
