"""Where a session's first page and a slider move spend the server's time: ``python -m benchmarks.profile_run``.

Runs app.py under ``streamlit.testing.v1.AppTest`` (no browser, no websocket) in
this process: one session opens the room's link first (libraries load, the
results are cached, as when the facilitator opened it), then ``--sessions`` new
sessions each open the same link and move one slider, every script run under
``cProfile``. Prints the top functions by their own time and by cumulative time,
and the mean time per first page and per move.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time
from urllib.parse import parse_qsl

from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
from streamlit.testing.v1 import AppTest

from benchmarks.load import GROUP_KEY, ROOT, SLIDER_KEY, room_link

PROFILE = cProfile.Profile(time.thread_time)  # CPU time of the script thread: other load on the machine does not count
_run_script = ScriptRunner._run_script


def _profiled(self: ScriptRunner, rerun_data: object) -> None:
    PROFILE.enable()
    try:
        _run_script(self, rerun_data)
    finally:
        PROFILE.disable()


def new_session() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in parse_qsl(room_link()):
        at.query_params[key] = value
    return at


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile_run", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="tottime", help="pstats sort key: tottime or cumulative")
    parser.add_argument("--only", default="", help="a regular expression: show only matching functions (e.g. ui/)")
    parser.add_argument("--first-only", action="store_true", help="profile only the first pages, not the moves")
    args = parser.parse_args(argv)

    warm = new_session()
    warm.run()
    ScriptRunner._run_script = _profiled  # type: ignore[method-assign]
    first, moves = [], []
    for i in range(args.sessions):
        at = new_session()
        start = time.perf_counter()
        at.run()
        first.append(time.perf_counter() - start)
        assert not at.exception, at.exception
        if args.first_only:
            continue
        # Open the group as the person would (its state lives in `_open`), then move its slider: a new value each
        # session, so the move computes.
        at.session_state["_open"] = {**at.session_state["_open"], GROUP_KEY.removeprefix("grp_"): True}
        at.run()
        hours = at.slider(key=SLIDER_KEY)
        start = time.perf_counter()
        hours.set_value(hours.value + 1 + i).run()
        moves.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    ScriptRunner._run_script = _run_script  # type: ignore[method-assign]

    out = io.StringIO()
    stats = pstats.Stats(PROFILE, stream=out).sort_stats(args.sort)
    stats.print_stats(*([args.only] if args.only else []), args.top)
    print(out.getvalue())
    print(f"first page: {1000 * sum(first) / len(first):.1f} ms mean over {len(first)} new sessions (AppTest)")
    if moves:
        print(f"slider move: {1000 * sum(moves) / len(moves):.1f} ms mean over {len(moves)} (the profile has both)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
