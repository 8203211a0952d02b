#!/usr/bin/env bash
# Production launcher: N Streamlit processes of app.py behind nginx on one port.
#
#   bash scripts/serve.sh [--port 8080] [--address 0.0.0.0] [--processes N] [--app-port 8601]
#                         [--state-dir DIR] [-- extra streamlit options]
#
# --processes   app processes (default: one per core, `nproc`); each runs on 127.0.0.1 from --app-port upwards
# --port        the one public port (nginx); --address the address it listens on (default all)
# --state-dir   where nginx.conf, the logs, nginx's temp folders and the app processes' pid files go (default: a new
#               temporary folder, removed on exit); nothing is written outside it
# Environment, passed on to every app process:
#   ROI_DATABASE_URL    the workshop rooms' database (PostgreSQL for several processes; unset: SQLite)
#   ROI_COOKIE_SECRET   Streamlit's server.cookieSecret, the same for every process so a cookie one process issued
#                       (XSRF) holds on another after a failover; unset: a random one for this launch. Set it when
#                       several machines serve the same link.
#   ROI_PYTHON          a Python with the requirements installed (e.g. in the Docker image); unset: .venv is made
#
# nginx (Debian package nginx-light or nginx) is installed with apt when it is missing and you are root. nginx gives
# every browser a cookie and keeps it on one process (its websocket, its session, its uploads), proxies the websocket,
# compresses and caches Streamlit's static files, adds the security headers Streamlit does not send, keeps
# /_stcore/metrics private, and shows a short page while no process answers. Ctrl-C or SIGTERM stops everything.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

port=8080
address=""
processes="$(nproc 2>/dev/null || echo 2)"
app_port=8601
state_dir=""
while [ $# -gt 0 ]; do
    case "$1" in
        --port) port="$2"; shift 2 ;;
        --address) address="$2"; shift 2 ;;
        --processes) processes="$2"; shift 2 ;;
        --app-port) app_port="$2"; shift 2 ;;
        --state-dir) state_dir="$2"; shift 2 ;;
        --) shift; break ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
        *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
if ! [[ "$processes" =~ ^[1-9][0-9]*$ && "$port" =~ ^[0-9]+$ && "$app_port" =~ ^[0-9]+$ ]]; then
    echo "error: --processes, --port and --app-port take positive whole numbers" >&2
    exit 2
fi

if [ -n "${ROI_PYTHON:-}" ]; then
    py="$ROI_PYTHON"
else
    # shellcheck source=scripts/_venv.sh
    source scripts/_venv.sh
    ensure_venv requirements.txt
    py="$VENV_PY"
fi

nginx_bin="$(command -v nginx || true)"
[ -z "$nginx_bin" ] && [ -x /usr/sbin/nginx ] && nginx_bin=/usr/sbin/nginx
if [ -z "$nginx_bin" ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "==> installing Debian nginx-light"
        apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light
        nginx_bin=/usr/sbin/nginx
    else
        echo "error: nginx is missing: sudo apt-get install -y nginx-light" >&2
        exit 1
    fi
fi

own_state=0
if [ -z "$state_dir" ]; then
    state_dir="$(mktemp -d -t roi-serve.XXXXXX)"
    own_state=1
fi
mkdir -p "$state_dir"
state_dir="$(cd "$state_dir" && pwd)"

export ROI_DATABASE_URL="${ROI_DATABASE_URL:-}"
[ -z "$ROI_DATABASE_URL" ] && unset ROI_DATABASE_URL
# Streamlit reads STREAMLIT_SERVER_COOKIE_SECRET; from the environment it does not show in `ps`.
STREAMLIT_SERVER_COOKIE_SECRET="${ROI_COOKIE_SECRET:-$("$py" -c 'import secrets; print(secrets.token_hex(32))')}"
export STREAMLIT_SERVER_COOKIE_SECRET

app_pids=()
nginx_pid=""
stopping=0
stop_all() {
    [ "$stopping" -eq 1 ] && return
    stopping=1
    trap - INT TERM
    echo "==> stopping"
    [ -n "$nginx_pid" ] && kill -TERM "$nginx_pid" 2>/dev/null || true
    for pid in "${app_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${app_pids[@]}" $nginx_pid; do wait "$pid" 2>/dev/null || true; done
    if [ "$own_state" -eq 1 ]; then rm -rf "$state_dir"; fi
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

ports=()
for ((i = 0; i < processes; i++)); do
    p=$((app_port + i))
    ports+=("$p")
    "$py" -m streamlit run app.py \
        --server.headless true \
        --server.address 127.0.0.1 \
        --server.port "$p" \
        --server.fileWatcherType none \
        --browser.gatherUsageStats false \
        "$@" >"$state_dir/app-$p.log" 2>&1 &
    app_pids+=("$!")
    echo "$!" >"$state_dir/app-$p.pid"
done
echo "==> $processes app processes on 127.0.0.1:${ports[0]}..${ports[-1]} (logs in $state_dir)"

# Every process healthy before nginx takes requests (a cold start loads every library once).
"$py" - "${ports[@]}" <<'PY'
import sys, time, urllib.request
deadline = time.monotonic() + 120
for port in sys.argv[1:]:
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit(f"error: app process on port {port} did not become healthy; see its log")
        time.sleep(0.2)
PY

listen="${address:+$address:}$port"
ports_csv="$(IFS=,; echo "${ports[*]}")"
conf="$("$py" -m deploy.launcher "$state_dir" --listen "$listen" --ports "$ports_csv")"
"$nginx_bin" -t -q -e "$state_dir/nginx-error.log" -p "$state_dir" -c "$conf"
"$nginx_bin" -e "$state_dir/nginx-error.log" -p "$state_dir" -c "$conf" &
nginx_pid="$!"
echo "$nginx_pid" >"$state_dir/nginx.main.pid"
echo "==> serving on http://${address:-0.0.0.0}:$port/ (nginx -> ${processes} processes); Ctrl-C stops"

# Runs until nginx ends or a signal arrives (the traps stop everything). An app process that dies is logged and
# skipped by nginx; the others go on serving.
wait "$nginx_pid"
