# The two commands a newcomer needs: `make run` and `make test`.
.PHONY: run test bench install messages

install:
	@bash scripts/bootstrap.sh

run: install
	@bash scripts/serve.sh

test:
	@bash scripts/test.sh

bench: install
	@bash scripts/bench.sh

# Refresh the Vietnamese catalogue after changing translatable strings.
messages: install
	.venv/bin/python manage.py makemessages -l vi --no-obsolete --no-location -i ".venv/*" -i ".tools/*" -i "var/*"
	.venv/bin/python scripts/translate.py
