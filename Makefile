# Build and release tasks. Every recipe is a thin wrapper around a script, so CI and people
# run the same steps. Other areas add their own targets below the packaging ones.

PYTHON ?= $(if $(wildcard .venv/bin/python),.venv/bin/python,python3)
export PYTHON

.PHONY: help frozen package msi templates check-templates clean-package

help:
	@echo "make frozen           PyInstaller one-folder build in build/frozen (cached by source hash)"
	@echo "make package          Linux .deb in dist/ (builds the frozen app first)"
	@echo "make msi              Windows MSI tables in dist/ from the Linux stage (stand-in payload)"
	@echo "make templates        regenerate policy.toml, ADMX/ADML, the MSI policy properties, the posture schema and IT files, and the tables in docs/it.md"
	@echo "make check-templates  fail if those generated files are out of date"

frozen:
	bash packaging/build-frozen.sh

package: frozen
	bash packaging/linux/build-deb.sh

msi: frozen
	bash packaging/windows/build-msi.sh

templates:
	$(PYTHON) packaging/generate_templates.py --write
	$(PYTHON) packaging/generate_posture.py --write

check-templates:
	$(PYTHON) packaging/generate_templates.py --check
	$(PYTHON) packaging/generate_posture.py --check

clean-package:
	rm -rf build/frozen build/pyinstaller build/deb build/msi dist/*.deb dist/*.msi

# Desktop app: PNG screenshots of the window on a private Xvfb (shown in docs/learners.md).
.PHONY: screenshots
screenshots:
	$(PYTHON) scripts/screenshots.py

# Translations: extract every marked sentence into desktop/locale/hygiene.pot and update each
# language's catalogue from it; check-catalogues fails on an incomplete shipped language.
.PHONY: catalogues check-catalogues
catalogues:
	$(PYTHON) packaging/catalogues.py --write

check-catalogues:
	$(PYTHON) packaging/catalogues.py --check
