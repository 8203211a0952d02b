"""The load benchmark's command line and the reuse benchmark, without starting servers."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import load
from benchmarks import reuse as reuse_benchmark


def test_before_must_be_a_checkout_of_the_app(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        load.main(["--before", str(tmp_path), "--sessions", "1", "--duration", "0"])
    assert exc.value.code == 2
    assert "no app.py there" in capsys.readouterr().err


def test_only_this_machine_is_a_target() -> None:
    with pytest.raises(SystemExit, match="only targets this machine"):
        load.check_local("http://192.0.2.1:8501")
    load.check_local("http://127.0.0.1:8501")


def test_reuse_benchmark_prints_side_by_side_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    assert reuse_benchmark.main(["--repeat", "5"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[-3:] == ["plain", "reused", "ratio"]
    rows = {line[:30].strip(): line[30:].split() for line in lines[1:]}
    assert set(rows) == {"scenario text (cache key)", "share link", "scenario from widget values", "together"}
    for plain, reused, ratio in rows.values():
        assert float(plain) > 0 and float(reused) > 0 and ratio.endswith("x")
