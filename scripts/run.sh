#!/usr/bin/env bash
# Start the app: bash scripts/run.sh [extra streamlit options]
# e.g. bash scripts/run.sh --server.port 8502 --client.showErrorDetails full
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh

ensure_venv requirements.txt
exec "$VENV_PY" -m streamlit run app.py "$@"
