#!/usr/bin/env bash
# The one test command: bash scripts/test.sh
#
# 1. creates/updates .venv from requirements-dev.txt (skipped when unchanged),
# 2. makes sure the Debian chromium (browser tests) and nginx (proxy tests) exist,
# 3. lints with ruff (check and format --check) and type-checks with mypy (the files pyproject.toml lists:
#    roi_core, ui, views, app.py),
# 4. starts a throw-away PostgreSQL (scripts/pg.sh) for the storage tests, then runs unit tests and the
#    roi_core and ui doctests on 2 workers,
# 5. runs the real-browser (e2e) tests serially: each one drives chromium
#    (~1 GB of memory) against a live Streamlit server.
# Exits non-zero on the first failing step. For a quick focused run use pytest
# directly, e.g. .venv/bin/python -m pytest tests/core -x
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh

ensure_venv requirements-dev.txt

chromium="${CHROMIUM_PATH:-$(command -v chromium || echo /usr/bin/chromium)}"
if [ ! -x "$chromium" ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "==> installing Debian chromium (needed by the e2e tests)"
        apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
    else
        echo "warning: no chromium at $chromium and not root, so not installing it." >&2
        echo "         Run: sudo apt-get install -y chromium   (or set CHROMIUM_PATH)." >&2
        echo "         e2e tests will be skipped locally and FAIL when CI is set." >&2
    fi
fi

# nginx for the proxy tests (tests/deploy, tests/e2e/test_proxy_e2e.py), as scripts/serve.sh runs it.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "==> installing Debian nginx-light (needed by the proxy tests)"
        apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light
    else
        echo "warning: no nginx and not root, so not installing it: sudo apt-get install -y nginx-light." >&2
        echo "         Proxy tests will be skipped locally and FAIL when CI is set." >&2
    fi
fi

echo "==> ruff check and ruff format --check"
"$VENV_PY" -m ruff check .
"$VENV_PY" -m ruff format --check .

echo "==> mypy (roi_core, ui, views, app.py: [tool.mypy] files in pyproject.toml)"
"$VENV_PY" -m mypy

echo "==> PostgreSQL for the storage tests (scripts/pg.sh; stopped on exit)"
pg_dir="$(mktemp -d)"
trap 'bash scripts/pg.sh stop "$pg_dir"' EXIT
ROI_TEST_DATABASE_URL="$(bash scripts/pg.sh start "$pg_dir")"
export ROI_TEST_DATABASE_URL

echo "==> unit tests and doctests (2 workers)"
"$VENV_PY" -m pytest --doctest-modules roi_core ui deploy tests -m "not e2e" -n 2

echo "==> browser tests (serial)"
set +e
"$VENV_PY" -m pytest tests -m e2e --screenshot only-on-failure --output test-results
status=$?
set -e
if [ "$status" -eq 5 ]; then
    echo "error: no e2e tests were collected (pytest exit code 5)." >&2
fi
exit "$status"
