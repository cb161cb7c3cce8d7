# The two set-up commands (README): `make demo` and `make test`. Each builds .venv
# on first use; nothing is installed by hand.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: demo test lint dovecot clean eval

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: $(BIN)/.installed
	$(BIN)/difbot demo

# Dovecot is the real IMAP server of the integration tests; as root on Debian it is
# installed when missing (the tests start their own private instance).
dovecot:
	@command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || \
	  { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq dovecot-imapd; } || \
	  { echo "Dovecot missing: run 'sudo apt-get install dovecot-imapd'"; exit 1; }

lint: $(BIN)/.installed
	$(BIN)/ruff check difbot tests
	$(BIN)/mypy
	$(BIN)/lint-imports

# Two workers (pytest-xdist): the classification of the whole tuning set on one while the
# server tests, which mostly wait, run on the other; the tests that share that
# classification are one group (`xdist_group("labelled_runs")`), started first.
test: $(BIN)/.installed dovecot lint
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

# The reliability tests scaled up (tests/reliability/README.md): e.g. 3000 messages and
# 200 SIGKILLs in test_crash.py; and the classifier's short cuts compared with the plain
# definitions on every tuning mail (tests/understand/test_hot_path.py), not a sample.
# Takes tens of minutes.
.PHONY: soak
soak: $(BIN)/.installed dovecot
	SOAK=1 $(BIN)/python -m pytest -q tests/reliability tests/understand/test_hot_path.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# The benchmark (README "Performance"): a private Dovecot and an aiosmtpd process on
# loopback; prints one table and writes bench/results/latest.json. Not part of `make test`.
.PHONY: bench
bench: $(BIN)/.installed dovecot
	$(BIN)/python bench/run.py

# Classification quality on mail the rules were not written with (eval/README.md):
# the frozen evaluation set, other languages, and the development corpus, apart.
eval: $(BIN)/.installed
	$(BIN)/python eval/run.py

# The second opinion's weights (rules/opinion.json), trained on the development and
# tuning sets, never on eval/; `make model-check` prints leave-one-writer-out figures.
.PHONY: model model-check
$(BIN)/.train: $(BIN)/.installed
	$(BIN)/pip install --quiet -e '.[train]'
	touch $@

model: $(BIN)/.train
	$(BIN)/python eval/train.py

model-check: $(BIN)/.train
	$(BIN)/python eval/train.py --cross-validate
