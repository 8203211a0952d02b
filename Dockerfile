# The Upskilling ROI Explorer as one container: scripts/serve.sh (nginx in front of N app processes, one port).
#   docker build -t roi-explorer .
#   docker run --rm -p 8080:8080 -e ROI_COOKIE_SECRET="$(openssl rand -hex 32)" roi-explorer
# With PostgreSQL for the workshop rooms: docker compose up (compose.yaml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# nginx-light: the proxy scripts/serve.sh runs (as this image's user, with every file it writes under /tmp).
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx-light \
    && rm -rf /var/lib/apt/lists/*

# Exact versions with their hashes: pip refuses any file whose hash is not in the lock, and --no-deps installs
# nothing the lock does not list.
COPY requirements.lock /tmp/requirements.lock
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements.lock \
    && rm /tmp/requirements.lock

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin roi
WORKDIR /app
COPY app.py ./
COPY .streamlit/ .streamlit/
COPY roi_core/ roi_core/
COPY storage/ storage/
COPY ui/ ui/
COPY views/ views/
COPY deploy/ deploy/
COPY scripts/serve.sh scripts/serve.sh

# The workshop rooms' embedded SQLite database (when ROI_DATABASE_URL does not point at PostgreSQL): a folder the
# app's user may write. Mount a volume there to keep rooms across container restarts.
RUN mkdir -p /app/.data && chown roi /app/.data
USER roi
ENV ROI_PYTHON=/opt/venv/bin/python \
    ROI_PROCESSES=2 \
    ROI_DATA_DIR=/app/.data
EXPOSE 8080
# Through nginx to an app process: the whole chain answers.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["/opt/venv/bin/python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8080/_stcore/health', timeout=4).status != 200)"]
# bash traps SIGTERM (docker stop) and stops nginx and every app process cleanly.
CMD ["sh", "-c", "exec bash scripts/serve.sh --port 8080 --processes \"$ROI_PROCESSES\""]
