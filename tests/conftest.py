"""Settings shared by every test.

The repo's ``.streamlit/config.toml`` hides exception details from viewers
(``client.showErrorDetails = "none"``). AppTest reads the same config, so a
failing page would show only a generic message; in tests we want the real
exception, so we turn details back on here. Kept light: no fixtures that
import heavy modules for tests that do not need them.
"""

try:
    import streamlit.config as _st_config

    _st_config.set_option("client.showErrorDetails", "full")
except Exception:  # noqa: BLE001 - streamlit absent or option renamed: core tests must still run
    pass

# Hypothesis fails an example that takes longer than 200 ms ("DeadlineExceeded"). On this 2-core machine, with two
# test workers and a browser, a fast test sometimes takes longer: that is load, not a bug, and made runs flaky
# (seen on TestRecords in tests/app/test_vega.py). Speed is measured in the benchmarks instead.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("roi", deadline=None)
_hypothesis_settings.load_profile("roi")
