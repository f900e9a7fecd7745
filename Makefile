# Two commands: `make run` and `make test`. Everything they need is set up here, once.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
DIR ?= screenshots

.PHONY: setup setup-run run test lint bench screenshots clean translations

setup: setup-test

setup-run:
	@packaging/system-deps.sh run
	@$(MAKE) --no-print-directory $(STAMP)

setup-test:
	@packaging/system-deps.sh test
	@$(MAKE) --no-print-directory $(STAMP)

# The venv is rebuilt only when pyproject.toml changes, so a second run does no network work.
$(STAMP):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $@

run: setup-run
	$(BIN)/sciatica-timer

lint: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: setup-test
	xvfb-run -a -s "-screen 0 1280x800x24" $(BIN)/python -m benchmarks

screenshots: setup-test
	xvfb-run -a -s "-screen 0 1280x1024x24" $(BIN)/python -m tools.screenshots.screenshots $(DIR)

# Extract the marked sentences and the shipped content, update each language's .po, write the pseudo-locale
# (en_XA) and compile the .mo files the app reads; running it twice changes nothing.
translations: setup-test
	$(BIN)/python packaging/translations.py

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache

# Packaging: not part of `make test` (a bundle takes minutes); see packaging/.
.PHONY: package install-desktop
BUNDLE := dist/sciatica-timer

# A one-folder PyInstaller bundle in dist/sciatica-timer/, then its own --self-test (with a scratch data
# folder, drawing off screen; it also tries the display when there is one) and its size.
package:
	@packaging/system-deps.sh package
	@$(MAKE) --no-print-directory $(STAMP)
	@$(BIN)/python -c 'import PyInstaller' 2>/dev/null || $(BIN)/python -m pip install --quiet 'pyinstaller>=6.10'
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/sciatica-timer.spec
	@scratch=$$(mktemp -d); \
	SCIATICA_TIMER_DATA_DIR=$$scratch $(BUNDLE)/sciatica-timer --self-test; status=$$?; \
	rm -rf "$$scratch"; \
	echo "bundle: $$(du -sh $(BUNDLE) | cut -f1) in $(BUNDLE)/"; \
	exit $$status

# The menu entry, AppStream metainfo and icons for this user, under $XDG_DATA_HOME (~/.local/share).
install-desktop:
	@packaging/linux/install-desktop.sh
