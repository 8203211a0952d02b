"""The files scripts/serve.sh writes for nginx (deploy/launcher.py), without starting anything."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from deploy import launcher
from tests.deploy.serve import NGINX, ROOT, free_port, require_nginx, state_folder
from ui.common.i18n import LANGS, translate


class TestContentSecurityPolicy:
    def test_hashes_only_inline_scripts(self):
        page = "<script>a()</script><script src='x.js'></script><script type='module'>b()</script>"
        assert len(launcher.inline_script_hashes(page)) == 2

    def test_streamlit_index_inline_scripts_are_allowed(self):
        # Every inline script of the installed Streamlit's index.html has its hash in the policy.
        index = launcher.streamlit_index_html()
        hashes = launcher.inline_script_hashes(index)
        assert hashes, "Streamlit's index.html has no inline script any more: drop the hashes?"
        policy = launcher.content_security_policy(hashes)
        script_src = re.search(r"script-src ([^;]+)", policy).group(1).split()
        assert set(hashes) <= set(script_src)
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src

    def test_no_framing_by_other_sites_and_no_plugins(self):
        policy = launcher.content_security_policy([])
        assert "frame-ancestors 'self'" in policy
        assert "object-src 'none'" in policy
        assert "default-src 'self'" in policy


class TestNginxConf:
    def render(self, tmp_path: Path, ports=(8601, 8602), as_root=False) -> str:
        return launcher.render_nginx_conf(
            state_dir=tmp_path, listen="127.0.0.1:8080", ports=ports, max_body_mb=2, csp="default-src 'self'",
            as_root=as_root,
        )  # fmt: skip

    def test_every_placeholder_filled_and_every_process_an_upstream(self, tmp_path):
        conf = self.render(tmp_path, ports=(9001, 9002, 9003))
        assert not re.search(r"@[A-Z_]+@", conf)
        assert re.findall(r"server 127\.0\.0\.1:(\d+)", conf) == ["9001", "9002", "9003"]
        assert "listen 127.0.0.1:8080;" in conf

    def test_affinity_by_a_cookie_nginx_sets(self, tmp_path):
        conf = self.render(tmp_path)
        assert "hash $affinity_key consistent;" in conf
        assert "stsession=$request_id" in conf
        assert "ip_hash" not in conf

    def test_files_stay_in_the_state_folder(self, tmp_path):
        conf = self.render(tmp_path)
        for directive in ("pid", "error_log", "access_log", *(f"\\w*{n}_temp_path" for n in launcher.NGINX_TEMP_DIRS)):
            paths = re.findall(rf"^\s*{directive} (\S+)", conf, flags=re.MULTILINE)
            assert paths and all(p.startswith(str(tmp_path)) for p in paths), directive

    def test_upload_limit_follows_streamlit(self, tmp_path):
        # nginx allows Streamlit's limit plus the multipart envelope, so Streamlit refuses with its own message.
        with open(launcher.STREAMLIT_CONFIG, "rb") as fh:
            limit = tomllib.load(fh)["server"]["maxUploadSize"]
        assert launcher.max_upload_mb() == limit
        assert "client_max_body_size 3m;" in self.render(tmp_path)  # rendered for a 2 MB limit

    def test_worker_user_only_when_root(self, tmp_path):
        assert "user nobody nogroup;" in self.render(tmp_path, as_root=True)
        assert not re.search(r"^user ", self.render(tmp_path), flags=re.MULTILINE)

    def test_no_process_is_an_error(self, tmp_path):
        with pytest.raises(ValueError, match="at least one"):
            self.render(tmp_path, ports=())

    def test_nginx_accepts_the_written_config(self):
        require_nginx()
        state = state_folder()
        try:
            conf = launcher.write_state(state, listen=f"127.0.0.1:{free_port()}", ports=[free_port()])
            check = subprocess.run(
                [NGINX, "-t", "-e", str(state / "err.log"), "-p", str(state), "-c", str(conf)],
                capture_output=True, text=True, cwd=ROOT,
            )  # fmt: skip
        finally:
            shutil.rmtree(state.parent, ignore_errors=True)
        assert check.returncode == 0, check.stderr

    def test_a_state_folder_the_workers_cannot_enter(self, tmp_path):
        # pytest's folders are closed to other users. As root nginx's workers run as "nobody": refused up front,
        # instead of nginx answering 500 on the first cached file. Without root the workers are this user: fine.
        state = tmp_path / "closed" / "state"
        (tmp_path / "closed").mkdir(mode=0o700)
        if os.geteuid() == 0:
            with pytest.raises(SystemExit, match="cannot reach"):
                launcher.write_state(state, listen="8080", ports=[8601])
        else:
            assert launcher.write_state(state, listen="8080", ports=[8601]).exists()


class TestOutagePage:
    def test_says_the_link_holds_the_scenario_in_every_language(self):
        page = launcher.outage_page()
        for lang in LANGS:
            assert f'lang="{lang}"' in page
            for key in ("outage.title", "outage.body", "outage.action"):
                assert translate(lang, key) in page

    def test_no_scripts_and_no_outside_resources(self):
        page = launcher.outage_page()
        assert "<script" not in page
        assert not re.search(r"(src|href)=\"https?:", page)
