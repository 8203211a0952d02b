"""Settings shared by every test.

The repo's ``.streamlit/config.toml`` hides exception details from viewers
(``client.showErrorDetails = "none"``). AppTest reads the same config, so a
failing page would show only a generic message; in tests we want the real
exception, so we turn details back on here. Kept light: no fixtures that
import heavy modules for tests that do not need them.
"""

import importlib.util
import os

from hypothesis import settings

try:
    import streamlit.config as _st_config

    _st_config.set_option("client.showErrorDetails", "full")
except Exception:  # noqa: BLE001 - streamlit absent or option renamed: core tests must still run
    pass

# Hypothesis fails an example that takes longer than 200 ms ("DeadlineExceeded"). On this 2-core machine, with two
# test workers and a browser, a fast test sometimes takes longer: that is load, not a bug, and made runs flaky
# (seen on TestRecords in tests/app/test_vega.py). Speed is measured in the benchmarks instead.
settings.register_profile("roi", deadline=None)
# CI runs on a fresh clone and one red run blocks a submission: there (the CI variable set, or HYPOTHESIS_PROFILE=ci)
# every property test sees the same examples (derandomize), so a rare case found by chance cannot decide a run and a
# red run can be repeated; locally they keep exploring new examples. Fuzz tests (tests/core/test_fuzz.py) set their
# own case counts.
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "roi"))

# Without Playwright (a quick local set-up with only the core's requirements) the browser tests cannot even be
# imported; leave their folder out instead of breaking the whole run. CI installs Playwright and must run them.
collect_ignore_glob: list[str] = []
if importlib.util.find_spec("playwright") is None and not os.environ.get("CI"):
    collect_ignore_glob.append("e2e/*")
