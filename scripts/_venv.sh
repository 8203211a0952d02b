# Sourced by scripts/run.sh and scripts/test.sh; not meant to be run directly.
#
# ensure_venv REQ_FILE
#   Creates .venv with Python >= 3.11 if it is missing or broken, and installs
#   REQ_FILE and roi_core (editable) into it. The install is skipped when the
#   sha256 of the requirement files matches the stamp left in .venv by the last
#   successful install, so a second run starts in well under a second.

VENV_DIR=".venv"
VENV_PY="$VENV_DIR/bin/python"

_find_python() {
    local candidate
    for candidate in ${PYTHON:-} python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

_create_venv() {
    local python
    if ! python="$(_find_python)"; then
        echo "error: Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11+)." >&2
        exit 1
    fi
    echo "==> creating $VENV_DIR with $("$python" --version 2>&1)"
    rm -rf "$VENV_DIR"
    if ! "$python" -m venv "$VENV_DIR"; then
        # Debian ships venv/ensurepip separately.
        if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
            local minor
            minor="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
            apt-get update -q
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q "python${minor}-venv" ||
                DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
            rm -rf "$VENV_DIR"
            "$python" -m venv "$VENV_DIR"
        else
            echo "error: '$python -m venv' failed; install the python3-venv package." >&2
            exit 1
        fi
    fi
}

ensure_venv() {
    local req="$1"
    if [ ! -x "$VENV_PY" ] ||
        ! "$VENV_PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        _create_venv
    fi
    local stamp="$VENV_DIR/.installed-$req.sha256"
    local digest
    # requirements-dev.txt pulls in requirements.txt with -r: hash both.
    digest="$(cat requirements.txt "$req" | sha256sum | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ]; then
        return 0
    fi
    echo "==> installing $req into $VENV_DIR"
    "$VENV_PY" -m pip install --disable-pip-version-check --no-input -q -r "$req"
    # roi_core as an editable package, so `import roi_core` (the README's Python API) works from any folder.
    "$VENV_PY" -m pip install --disable-pip-version-check --no-input -q --no-deps -e .
    echo "$digest" >"$stamp"
}
