# The two commands of the README. Both work on a fresh machine, from a clean clone, without stdin.
#   make demo   install, seed an embedded demo studio (SQLite, Celery in-process), serve on 127.0.0.1:8000
#   make test   install, start PostgreSQL/Redis if down, lint, migration check, deploy check, whole suite
SHELL := /bin/bash
VENV ?= .venv

.PHONY: demo test install install-dev system-deps

install:
	@bash scripts/install.sh runtime

install-dev:
	@bash scripts/install.sh dev

system-deps:
	@bash scripts/system_deps.sh

demo: install
	@bash scripts/demo.sh

test: system-deps install-dev
	@bash scripts/test.sh
