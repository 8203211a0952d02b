"""The Docker image's recipe, checked without Docker (no daemon and no base images on this machine).

The Dockerfile is parsed: a slim Python base of the lock file's Python, a non-root user from there on, the
requirements from the hashed lock file, a health check on /_stcore/health, and every COPY source present and not
excluded by .dockerignore. Then the image's /app is laid out from those COPY lines in a temporary folder, and the
app runs from there (AppTest) and the launcher writes its nginx set-up there: the copied files are enough.
"""

from __future__ import annotations

import fnmatch
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from tests.deploy.serve import ROOT, state_folder

DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "compose.yaml"


def instructions(path: Path = DOCKERFILE) -> list[tuple[str, str]]:
    """``(INSTRUCTION, arguments)`` pairs, line continuations joined and comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        full = pending + stripped
        pending = ""
        word, _, rest = full.partition(" ")
        out.append((word.upper(), rest.strip()))
    return out


def copies() -> list[tuple[str, str]]:
    """``(source, destination)`` of every COPY from the build context (not ``--from`` stages)."""
    pairs = []
    for word, args in instructions():
        if word == "COPY":
            parts = [p for p in shlex.split(args) if not p.startswith("--")]
            pairs += [(src, parts[-1]) for src in parts[:-1]]
    return pairs


def ignored(path: str) -> bool:
    patterns = [p.strip() for p in (ROOT / ".dockerignore").read_text().splitlines() if p.strip() and p[0] != "#"]
    parts = Path(path.rstrip("/")).parts
    return any(fnmatch.fnmatch(path.rstrip("/"), p) or fnmatch.fnmatch(parts[0], p) for p in patterns)


def test_slim_base_of_the_lock_files_python():
    base = next(args for word, args in instructions() if word == "FROM")
    match = re.fullmatch(r"python:(\d+\.\d+)-slim(-\w+)?", base)
    assert match, base
    header = (ROOT / "requirements.lock").read_text()[:400]
    assert f"with Python {match.group(1)}" in header  # pip-compile resolved for the image's Python


def test_runs_as_a_non_root_user():
    steps = instructions()
    users = [i for i, (word, _) in enumerate(steps) if word == "USER"]
    assert users, "no USER: the app would run as root"
    user = steps[users[-1]][1]
    assert user not in {"root", "0"} and not user.startswith("0:")
    cmd = max(i for i, (word, _) in enumerate(steps) if word == "CMD")
    assert users[-1] < cmd
    created = " ".join(args for word, args in steps if word == "RUN")
    assert re.search(rf"useradd\b[^&]*\b{user}\b", created)


def test_requirements_from_the_hashed_lock_file():
    runs = " ".join(args for word, args in instructions() if word == "RUN")
    assert re.search(r"pip install --require-hashes --no-deps -r \S*requirements\.lock", runs)
    assert "requirements.txt" not in runs


def test_health_check_on_streamlits_health_endpoint():
    checks = [args for word, args in instructions() if word == "HEALTHCHECK"]
    assert len(checks) == 1 and "/_stcore/health" in checks[0]
    exposed = [args for word, args in instructions() if word == "EXPOSE"]
    port = exposed[0].split("/")[0]
    assert f"127.0.0.1:{port}/_stcore/health" in checks[0]  # through nginx, the public port
    cmd = next(args for word, args in instructions() if word == "CMD")
    assert "scripts/serve.sh" in cmd and f"--port {port}" in cmd


def test_every_copy_source_exists_and_is_not_ignored():
    sources = copies()
    assert sources
    for src, _ in sources:
        assert (ROOT / src).exists(), src
        assert not ignored(src), f"{src} is excluded by .dockerignore"


def test_the_copied_files_run_the_app_and_the_launcher(tmp_path):
    app_dir = tmp_path / "app"
    for src, dest in copies():
        if src == "requirements.lock":
            continue
        target = app_dir / dest if dest.endswith("/") or dest == "./" else app_dir / dest
        if (ROOT / src).is_dir():
            shutil.copytree(ROOT / src, target, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
        else:
            target = target / Path(src).name if dest.endswith("/") else target
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / src, target)
    run_app = (
        "from streamlit.testing.v1 import AppTest\n"
        "at = AppTest.from_file('app.py', default_timeout=120)\n"
        "at.query_params['lang'] = 'nl'\n"
        "at.run()\n"
        "assert not at.exception, at.exception\n"
        "assert at.metric, 'no metrics on the first page'\n"
        "import ui, roi_core\n"
        f"assert ui.__file__.startswith({str(app_dir)!r}), ui.__file__\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", run_app], cwd=app_dir, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    state = state_folder()  # nginx's workers must be able to enter it when the tests run as root
    try:
        conf = subprocess.run(
            [sys.executable, "-m", "deploy.launcher", str(state), "--listen", "8080", "--ports", "8601"],
            cwd=app_dir, capture_output=True, text=True, env=env,
        )  # fmt: skip
        assert conf.returncode == 0, conf.stderr
        assert (state / "nginx.conf").exists() and (state / "_outage.html").exists()
    finally:
        shutil.rmtree(state.parent, ignore_errors=True)
    helped = subprocess.run(["bash", "scripts/serve.sh", "--help"], cwd=app_dir, capture_output=True, text=True)
    assert helped.returncode == 0 and "--processes" in helped.stdout


def test_compose_runs_the_launcher_with_postgresql():
    text = COMPOSE.read_text()
    services = dict(re.findall(r"^  (\w+):\n((?:    .*\n|\n)+)", text, flags=re.MULTILINE))
    assert set(services) == {"app", "db"}
    assert "build: ." in services["app"]
    assert re.search(r"ROI_DATABASE_URL: \"postgresql\+psycopg://[^\"]+@db:5432/", services["app"])
    assert "ROI_COOKIE_SECRET" in services["app"] and "condition: service_healthy" in services["app"]
    assert re.search(r"image: postgres:\d+", services["db"]) and "pg_isready" in services["db"]
    assert not re.search(r"^    ports:", services["db"], flags=re.MULTILINE)  # the database is not published
