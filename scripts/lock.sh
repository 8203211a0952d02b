#!/usr/bin/env bash
# Regenerate requirements.lock from requirements.txt: exact versions with the sha256 of every file, for the
# Docker image (pip install --require-hashes). requirements.txt keeps the ranges for development.
# Needs PyPI; run it with the Python the image uses (python:3.11): PYTHON=python3.11 bash scripts/lock.sh
# Then run tests/deploy/test_lock.py, and check for known vulnerabilities where the network allows:
#   pip-audit --strict --require-hashes --disable-pip -r requirements.lock
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tools="$(mktemp -d)"
trap 'rm -rf "$tools"' EXIT
"${PYTHON:-python3}" -m venv "$tools"
"$tools/bin/pip" install -q 'pip-tools>=7.4,<8'
"$tools/bin/pip-compile" --quiet --generate-hashes --no-emit-find-links --no-emit-index-url --strip-extras \
    --output-file=requirements.lock requirements.txt
echo "==> requirements.lock: $(grep -c '==' requirements.lock) packages"
