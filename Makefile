# Les deux commandes du hub : `make site` construit le site, `make test` lance les tests.
# Chacune prépare d'abord l'environnement Python (.venv) si besoin, avec les versions figées.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test serve check benchmark clean

$(BIN)/.installe: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==26.3
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

site: $(BIN)/.installe
	$(BIN)/hubia build

# Le paquet figé des communes (@etalab/decoupage-administratif), pour les tests de `hubia init`
# sur les vrais territoires et le banc d'essai national : téléchargé une fois avec npm, jamais
# pendant les tests. Sans npm, ces tests sont sautés (en CI, ils échouent).
PAQUET_COMMUNES := .cache/npm/etalab-decoupage-administratif-6.0.0.tgz

$(PAQUET_COMMUNES):
	mkdir -p $(dir $@)
	cd $(dir $@) && npm pack @etalab/decoupage-administratif@6.0.0 --loglevel=error || true

test: $(BIN)/.installe $(PAQUET_COMMUNES)
	$(BIN)/python -m pytest

check: $(BIN)/.installe
	$(BIN)/hubia check

serve: $(BIN)/.installe
	$(BIN)/hubia serve

benchmark: $(BIN)/.installe
	$(BIN)/python benchmarks/benchmark.py

clean:
	rm -rf $(VENV) site
