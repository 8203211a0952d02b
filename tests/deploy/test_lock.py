"""requirements.lock (the Docker image's exact versions with hashes) against requirements.txt (the ranges)."""

from __future__ import annotations

import re
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.deploy.serve import ROOT

ENTRY = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)(?:\s*;\s*([^\\]+?))?\s*\\?$")


def locked() -> dict[str, tuple[str, list[str]]]:
    """``{name: (version, [hashes])}`` of every entry in the lock file."""
    out: dict[str, tuple[str, list[str]]] = {}
    current = None
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if match := ENTRY.match(line):
            current = canonicalize_name(match.group(1))
            assert current not in out, f"{current} locked twice"
            out[current] = (match.group(2), [])
        elif hashed := re.match(r"^\s+--hash=sha256:([0-9a-f]{64})\s*\\?$", line):
            assert current is not None
            out[current][1].append(hashed.group(1))
        elif line.strip() and not line.lstrip().startswith("#"):
            pytest.fail(f"unexpected line in requirements.lock: {line!r}")
    return out


def requirements() -> list[Requirement]:
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    return [Requirement(line) for line in (x.split("#")[0].strip() for x in lines) if line]


def test_every_entry_is_exact_and_hashed():
    entries = locked()
    assert len(entries) > len(requirements())
    for name, (version, hashes) in entries.items():
        assert re.fullmatch(r"[0-9][0-9A-Za-z.+-]*", version), name
        assert hashes, f"{name} has no hash: pip --require-hashes would refuse the whole file"


def test_lock_satisfies_requirements_txt():
    entries = locked()
    for req in requirements():
        name = canonicalize_name(req.name)
        assert name in entries, f"{req.name} from requirements.txt is not in requirements.lock: run scripts/lock.sh"
        assert req.specifier.contains(entries[name][0], prereleases=True), (
            f"{req.name}=={entries[name][0]} is outside {req.specifier}: run scripts/lock.sh"
        )


def test_lock_is_closed_under_dependencies():
    # The image installs with --no-deps: every dependency of a locked package must itself be locked.
    entries = locked()
    environment = {"extra": "", "python_version": "3.11", "sys_platform": "linux", "platform_system": "Linux"}
    for name in entries:
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            pytest.fail(f"{name} is locked but not installed in this environment: is the lock stale?")
        for text in requires:
            dep = Requirement(text)
            if dep.marker is not None and not dep.marker.evaluate(environment):
                continue
            assert canonicalize_name(dep.name) in entries, f"{name} needs {dep.name}, which is not locked"
