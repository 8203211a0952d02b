"""The files ``scripts/serve.sh`` hands to nginx: ``python -m deploy.launcher STATE_DIR --listen ... --ports ...``.

Writes into ``STATE_DIR``:

* ``nginx.conf``: ``deploy/nginx.conf.template`` with the listen address, one
  upstream server per app process, the upload limit and the
  Content-Security-Policy filled in;
* ``_outage.html``: the page nginx shows while no app process answers (502/503/504),
  in Dutch and English from the UI catalogues (``ui/locales/*/outage.json``);
* ``tmp/`` and ``cache/``: nginx's temporary folders, so nginx needs no root files.

The policy allows Streamlit's front end and nothing else: its scripts, styles and
fonts come from the same origin (the favicon, a Material icon, from Google's font server, as Streamlit loads it);
the one inline script of Streamlit's
``index.html`` is allowed by its hash (read from the installed Streamlit, so an
upgrade keeps working); styles may be inline (Streamlit's CSS-in-JS writes them);
images may be ``data:``/``blob:`` (QR code, charts saved as PNG); nobody may frame
the app from another site.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import os
import pwd
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path

from ui.common.i18n import LANGS, translate

__all__ = ["content_security_policy", "inline_script_hashes", "outage_page", "render_nginx_conf", "write_state"]

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
STREAMLIT_CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"
#: nginx's worker processes drop to this user when nginx is started as root (Debian has no "nobody" group).
WORKER_USER = ("nobody", "nogroup")
NGINX_TEMP_DIRS = ("body", "proxy", "fastcgi", "uwsgi", "scgi")
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def streamlit_index_html() -> str:
    """The ``index.html`` that the installed Streamlit serves."""
    import streamlit

    return (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")


def inline_script_hashes(index_html: str) -> list[str]:
    """CSP source expressions (``'sha256-...'``) of every inline ``<script>`` in ``index_html``.

    >>> inline_script_hashes("<script>x = 1</script><script src='a.js'></script>")
    ["'sha256-j/Q23vFFEoVZmhsa1wgASTuNyv3ikS4aODRWMwVOTCY='"]
    """
    digests = (hashlib.sha256(body.encode("utf-8")).digest() for body in _INLINE_SCRIPT.findall(index_html))
    return [f"'sha256-{base64.b64encode(d).decode('ascii')}'" for d in digests]


def content_security_policy(script_hashes: Sequence[str]) -> str:
    """The policy for every page of the app; ``script_hashes`` allow Streamlit's inline scripts.

    >>> "frame-ancestors 'self'" in content_security_policy([])
    True
    """
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *script_hashes]),
        "style-src": "'self' 'unsafe-inline'",
        # Streamlit fetches a ":material/...:" page icon (the favicon) from Google's font server.
        "img-src": "'self' data: blob: https://fonts.gstatic.com",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "worker-src": "'self' blob:",
        "frame-src": "'self'",
        "frame-ancestors": "'self'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "object-src": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def outage_page() -> str:
    """A small self-contained HTML page in every UI language: what happened, that the link holds the scenario."""
    sections = []
    for lang in LANGS:
        text = {k: html.escape(translate(lang, f"outage.{k}")) for k in ("title", "body", "action", "reload")}
        sections.append(
            f'<section lang="{lang}"><h1>{text["title"]}</h1><p>{text["body"]}</p><p>{text["action"]}</p>'
            f'<p><a href="">{text["reload"]}</a></p></section>'
        )
    title = html.escape(" / ".join(translate(lang, "outage.title") for lang in LANGS))
    style = (
        "body{font-family:sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1F2933}"
        "section{margin-bottom:2.5rem}h1{font-size:1.4rem;color:#0F5F8C}a{color:#0F5F8C}"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{LANGS[0]}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{style}</style></head><body>{''.join(sections)}</body></html>\n"
    )


def max_upload_mb(config: Path = STREAMLIT_CONFIG) -> int:
    """Streamlit's upload limit in megabytes (``server.maxUploadSize`` of the app's config; Streamlit's default 200)."""
    with open(config, "rb") as fh:
        return int(tomllib.load(fh).get("server", {}).get("maxUploadSize", 200))


def render_nginx_conf(
    *, state_dir: Path, listen: str, ports: Sequence[int], max_body_mb: int, csp: str, as_root: bool = False
) -> str:
    """``deploy/nginx.conf.template`` filled in; ``ports`` are the app processes on 127.0.0.1.

    ``max_body_mb`` is Streamlit's upload limit: nginx allows one megabyte more for the multipart envelope, so
    Streamlit itself refuses a file over the limit, with its own message.
    """
    if not ports:
        raise ValueError("at least one app port is needed")
    upstreams = "\n        ".join(f"server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in ports)
    values = {
        "USER": f"user {' '.join(WORKER_USER)};" if as_root else "",
        "STATE": str(state_dir),
        "LISTEN": listen,
        "UPSTREAMS": upstreams,
        "MAX_BODY": f"{max_body_mb + 1}m",
        "CSP": csp,
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    left = re.findall(r"@[A-Z_]+@", text)
    if left:
        raise ValueError(f"placeholders without a value: {left}")
    return text


def write_state(state_dir: Path, *, listen: str, ports: Sequence[int]) -> Path:
    """Write nginx.conf, the outage page and nginx's temp folders into ``state_dir``; the config's path.

    Started as root, nginx's workers run as an unprivileged user: they get the temp folders and may read the
    outage page, nothing else.
    """
    state_dir = state_dir.resolve()
    as_root = os.geteuid() == 0
    writable = [state_dir / "tmp", *(state_dir / "tmp" / name for name in NGINX_TEMP_DIRS), state_dir / "cache"]
    for folder in writable:
        folder.mkdir(parents=True, exist_ok=True)
    (state_dir / "_outage.html").write_text(outage_page(), encoding="utf-8")
    if as_root:
        blocked = [p for p in state_dir.parents if not p.stat().st_mode & 0o001]
        if blocked:
            raise SystemExit(
                f"error: nginx's workers (user {WORKER_USER[0]}) cannot reach {state_dir}: {blocked[0]} is closed to "
                "other users; choose a --state-dir under a folder they may enter (e.g. /tmp), or leave it out"
            )
        worker = pwd.getpwnam(WORKER_USER[0])
        for folder in writable:
            os.chown(folder, worker.pw_uid, worker.pw_gid)
        state_dir.chmod(0o755)  # workers must reach the outage page and their folders
        (state_dir / "_outage.html").chmod(0o644)
    csp = content_security_policy(inline_script_hashes(streamlit_index_html()))
    conf = state_dir / "nginx.conf"
    conf.write_text(
        render_nginx_conf(
            state_dir=state_dir, listen=listen, ports=ports, max_body_mb=max_upload_mb(), csp=csp, as_root=as_root
        ),
        encoding="utf-8",
    )
    return conf


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.launcher", description=__doc__.splitlines()[0])
    parser.add_argument("state_dir", type=Path)
    parser.add_argument("--listen", required=True, help="nginx's listen address, e.g. 8080 or 127.0.0.1:8080")
    parser.add_argument("--ports", required=True, help="the app processes' ports, comma-separated")
    args = parser.parse_args(argv)
    ports = [int(p) for p in args.ports.split(",") if p]
    print(write_state(args.state_dir, listen=args.listen, ports=ports))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
