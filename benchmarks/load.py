"""Load benchmark: ``python -m benchmarks --load [--sessions 1,20,40,100] [--targets single,launcher]``.

A room of people measured from the server's side, without browsers: each
simulated person is one websocket speaking Streamlit's own protocol (a
``BackMsg`` asks for a run, ``ForwardMsg``s come back until ``script_finished``),
so the figures are the server's time, not a browser's rendering (see
RECIPES.md, "Streamlit's websocket protocol for load tests").

For each number of sessions, in one run and side by side for each target:

* **first page**: every session connects, then all ask for the same link at
  the same moment (a room opening the facilitator's link); the time from the
  request until that session's run has finished. Reported: median, p95 and the
  last one (the room waits for it), and errors (a run that raised, a
  connection refused, a run over the time limit);
* **slider moves**: every session moves a sidebar slider (the training's
  duration in hours, a new value each time, so nothing comes from a cache) every
  ``--interval`` seconds, starting at a random moment within the first
  interval, for ``--duration`` seconds; the time per move until its run has
  finished. Reported: median, p95, max, errors.

Targets: ``single``, one ``streamlit run app.py`` process; ``launcher``,
``scripts/serve.sh`` (nginx in front of ``--processes`` processes, one per core
by default), every session with its own affinity cookie as a browser would
have; or ``--url`` for a server that is already running. Each server is
started on free local ports, warmed (one session per process: libraries load
once) and stopped afterwards.

Bounded on purpose: it only connects to this machine (127.0.0.1/localhost),
at most ``MAX_SESSIONS`` sessions, each phase under ``MAX_PHASE_S`` seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
MAX_SESSIONS = 200
MAX_PHASE_S = 300.0
RUN_TIMEOUT_S = 60.0
#: The sidebar group each session opens before it moves sliders, and the slider it moves (widget keys).
GROUP_KEY = "grp_programme"
SLIDER_KEY = "v_learning_hours"
#: The link the room opens: a preset as a facilitator would share it, in Dutch.
PRESET, LANG = "contact_centre", "nl"

FINISHED = ForwardMsg.ScriptFinishedStatus


@dataclass
class Run:
    """One script run as the client saw it."""

    seconds: float
    error: str | None = None


@dataclass
class Slider:
    id: str
    low: float
    high: float
    step: float
    value: float


@dataclass
class Session:
    """One simulated browser tab: a websocket, the link it holds, the sliders it was sent."""

    base_url: str
    locale: str = "en-US"
    cookie: str = field(default_factory=lambda: uuid.uuid4().hex)
    query_string: str = ""
    sliders: dict[str, Slider] = field(default_factory=dict)
    expanders: dict[str, bool] = field(default_factory=dict)
    ws: websockets.ClientConnection | None = None

    async def connect(self) -> None:
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        self.ws = await websockets.connect(
            f"{scheme}://{parts.netloc}/_stcore/stream",
            subprotocols=[websockets.Subprotocol("streamlit")],
            origin=websockets.Origin(f"{parts.scheme}://{parts.netloc}"),
            additional_headers={"Cookie": f"stsession={self.cookie}"},
            max_size=None,
            open_timeout=RUN_TIMEOUT_S,
            compression=None,
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def run(self, widgets: Sequence[tuple[str, float | bool]] = ()) -> Run:
        """Ask for a run of the current link (with ``widgets`` set: floats are sliders, bools expanders)."""
        assert self.ws is not None
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = self.query_string
        rerun.page_script_hash = ""
        rerun.context_info.locale = self.locale
        rerun.context_info.timezone = "Europe/Amsterdam"
        for widget_id, value in widgets:
            state = rerun.widget_states.widgets.add()
            state.id = widget_id
            if isinstance(value, bool):
                state.bool_value = value
            else:
                state.double_array_value.data.append(value)
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        error = None
        try:
            async with asyncio.timeout(RUN_TIMEOUT_S):
                while True:
                    fwd = ForwardMsg()
                    fwd.ParseFromString(await self.ws.recv())
                    kind = fwd.WhichOneof("type")
                    if kind == "delta" and fwd.delta.WhichOneof("type") == "add_block":
                        block = fwd.delta.add_block
                        if block.WhichOneof("type") == "expandable" and block.expandable.id:
                            self.expanders[block.expandable.id] = block.expandable.expanded
                    elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                        element = fwd.delta.new_element
                        which = element.WhichOneof("type")
                        if which == "exception":
                            error = f"exception: {element.exception.type}"
                        elif which == "slider":
                            s = element.slider
                            value = s.value[0] if s.set_value and s.value else s.default[0]
                            self.sliders[s.id] = Slider(s.id, s.min, s.max, s.step, value)
                    elif kind == "page_info_changed":
                        self.query_string = fwd.page_info_changed.query_string
                    elif kind == "script_finished" and fwd.script_finished != FINISHED.FINISHED_EARLY_FOR_RERUN:
                        if fwd.script_finished == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                            error = "compile error"
                        break
        except TimeoutError:
            error = f"no end of run within {RUN_TIMEOUT_S:.0f} s"
        except websockets.ConnectionClosed as exc:
            error = f"connection closed: {exc}"
        return Run(time.perf_counter() - start, error)

    def widget_id(self, key: str, widgets: Sequence[str]) -> str:
        for widget_id in widgets:
            if widget_id.endswith(f"-{key}"):
                return widget_id
        raise LookupError(f"no widget with key {key!r} on the page; found: {sorted(widgets)}")

    def slider(self, key: str) -> Slider:
        for widget_id, s in self.sliders.items():
            if widget_id.endswith(f"-{key}"):
                return s
        raise LookupError(f"no slider with key {key!r} on the page; sliders: {sorted(self.sliders)}")


def check_local(url: str) -> None:
    host = urlsplit(url).hostname
    if host not in LOCAL_HOSTS:
        raise SystemExit(f"error: the load client only targets this machine (127.0.0.1), not {host!r}")


async def first_pages(url: str, n: int, query_string: str) -> tuple[list[Session], list[Run]]:
    """``n`` sessions connect, then all open the link at once; their sessions and first runs."""
    sessions = [Session(url, query_string=query_string) for _ in range(n)]
    connected = await asyncio.gather(*(s.connect() for s in sessions), return_exceptions=True)
    runs: list[Run | None] = [Run(0.0, f"connect: {c!r}") if isinstance(c, BaseException) else None for c in connected]
    live = [i for i, r in enumerate(runs) if r is None]
    for i, run in zip(live, await asyncio.gather(*(sessions[i].run() for i in live)), strict=True):
        runs[i] = run
    return sessions, [r for r in runs if r is not None]


async def slider_moves(sessions: Sequence[Session], interval: float, duration: float, seed: int) -> list[Run]:
    """Every live session moves the slider to a new value every ``interval`` s for ``duration`` s."""
    rng = random.Random(seed)
    runs: list[Run] = []

    async def person(s: Session, offset: float) -> None:
        await asyncio.sleep(offset)
        try:  # open the group (one run, not counted: a person does it once), then find the slider in it
            opened = await s.run([(s.widget_id(GROUP_KEY, list(s.expanders)), True)])
            if opened.error:
                raise LookupError(opened.error)
            slider = s.slider(SLIDER_KEY)
        except LookupError as exc:
            runs.append(Run(0.0, str(exc)))
            return
        end = time.perf_counter() + duration - offset
        steps = round((slider.high - slider.low) / slider.step)
        k = 0
        while time.perf_counter() < end:
            started = time.perf_counter()
            k += 1
            # A walk over the whole range: every move a value this session has not sent before (up to `steps`).
            value = slider.low + ((round((slider.value - slider.low) / slider.step) + k) % (steps + 1)) * slider.step
            runs.append(await s.run([(slider.id, value)]))
            await asyncio.sleep(max(0.0, interval - (time.perf_counter() - started)))

    live = [s for s in sessions if s.ws is not None and s.ws.state is websockets.State.OPEN]
    await asyncio.gather(*(person(s, rng.uniform(0, interval)) for s in live))
    return runs


@dataclass
class Figures:
    count: int
    errors: int
    median: float
    p95: float
    max: float
    first_error: str | None

    @classmethod
    def of(cls, runs: Sequence[Run]) -> Figures:
        ok = sorted(r.seconds for r in runs if r.error is None)
        errors = [r.error for r in runs if r.error is not None]
        if not ok:
            return cls(len(runs), len(errors), float("nan"), float("nan"), float("nan"), errors[0] if errors else None)
        p95 = ok[min(len(ok) - 1, round(0.95 * (len(ok) - 1)))]
        return cls(len(runs), len(errors), statistics.median(ok), p95, ok[-1], errors[0] if errors else None)

    def cells(self) -> str:
        text = f"{self.median:6.2f} {self.p95:6.2f} {self.max:6.2f} {self.errors:>4}/{self.count:<5}"
        return text + (f"  first error: {self.first_error}" if self.first_error else "")


def cpu_seconds(pids: Sequence[int]) -> float:
    """CPU time (user + system, all threads) the server processes have used so far.

    Unlike the wall-clock figures this does not grow when other work shares the machine: CPU per run times the
    runs, divided by the processes, is what a machine of its own would need.
    """
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat(5))
    return total / tick


def rss_mb(pids: Sequence[int]) -> float:
    """Resident memory of the server processes, megabytes in all (0 when they cannot be read)."""
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total / 1024


async def measure(
    url: str, counts: Sequence[int], interval: float, duration: float, seed: int, pids: Sequence[int] = ()
) -> list[str]:
    """The table rows for one target: first page and slider moves at each session count (and the servers' memory)."""
    probe = Session(url, query_string=room_link())
    await probe.connect()
    first = await probe.run()
    await probe.close()
    if first.error:
        raise SystemExit(f"error: the first run on {url} failed: {first.error}")
    link = probe.query_string  # the link the app writes for its default scenario: what the room opens
    rows = []
    for n in counts:
        cpu_start = cpu_seconds(pids)
        async with asyncio.timeout(MAX_PHASE_S):
            sessions, pages = await first_pages(url, n, link)
        cpu_pages = cpu_seconds(pids)
        async with asyncio.timeout(MAX_PHASE_S):
            moves = await slider_moves(sessions, interval, duration, seed) if duration > 0 else []
        cpu_moves = cpu_seconds(pids)
        await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)
        extra = ""
        if pids:
            per_page = (cpu_pages - cpu_start) / max(1, len(pages))
            per_move = (cpu_moves - cpu_pages) / max(1, len(moves) + n)  # each session also opened the group once
            extra = f" | {rss_mb(pids):4.0f} MB | CPU {per_page * 1000:3.0f} / {per_move * 1000:3.0f} ms"
        extra += f" | load {os.getloadavg()[0]:4.1f}"  # the machine's 1-minute load average: how shared it was
        rows.append(f"{n:>8} | first page {Figures.of(pages).cells()} | moves {Figures.of(moves).cells()}{extra}")
        await asyncio.sleep(1.0)  # let the server drop the closed sessions before the next round
    return rows


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, proc: subprocess.Popen, timeout_s: float = 180.0) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"error: no healthy server at {url}")
        time.sleep(0.2)


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def room_link() -> str:
    """The query string of the link the room opens."""
    from roi_core.presets import PRESETS
    from ui.common.links import link_params

    return urlencode(link_params(PRESETS[PRESET].scenario, lang=LANG, preset=PRESET))


def warm(urls: Sequence[str]) -> None:
    """One session per process opens the room's link: libraries load and its results are cached before the clock runs.

    (In a workshop the facilitator has opened the link before the room does.)
    """

    async def one(url: str) -> None:
        s = Session(url, query_string=room_link())
        await s.connect()
        await s.run()
        await s.close()

    async def all_of() -> None:
        await asyncio.gather(*(one(u) for u in urls))

    asyncio.run(all_of())


@contextmanager
def single_server(log: Path, options: Sequence[str] = (), root: Path = ROOT) -> Iterator[tuple[str, list[int]]]:
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1",
           "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false", *options]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=root, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        warm([url])
        yield url, [proc.pid]
    finally:
        stop(proc)


@contextmanager
def launcher(
    state: Path, processes: int, options: Sequence[str] = (), root: Path = ROOT
) -> Iterator[tuple[str, list[int]]]:
    port, app_port = free_port(), free_port()
    cmd = ["bash", "scripts/serve.sh", "--port", str(port), "--address", "127.0.0.1", "--processes", str(processes),
           "--app-port", str(app_port), "--state-dir", str(state), "--", *options]  # fmt: skip
    env = {**os.environ, "ROI_PYTHON": sys.executable}
    with (state.parent / "serve.log").open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=root, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        warm([f"http://127.0.0.1:{app_port + i}" for i in range(processes)])
        pids = [int((state / f"app-{app_port + i}.pid").read_text()) for i in range(processes)]
        yield url, pids
    finally:
        stop(proc)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks --load", description=__doc__.splitlines()[0])
    parser.add_argument("--load", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--sessions", default="1,20,40,100", help="session counts, comma-separated")
    parser.add_argument("--targets", default="single,launcher", help="single, launcher, or both (comma-separated)")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2, help="the launcher's app processes")
    parser.add_argument("--url", help="measure a running server on this machine instead of starting one")
    parser.add_argument("--interval", type=float, default=3.0, help="seconds between one session's slider moves")
    parser.add_argument("--duration", type=float, default=21.0, help="seconds of slider moves per session count")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--gc-after-run",
        action="store_true",
        help="servers run Streamlit's full garbage collection after every run (its default; off in our config)",
    )
    parser.add_argument(
        "--before",
        type=Path,
        help="also measure the app in this folder (a checkout of an older commit: git archive or git worktree), "
        "alternating with this one, so before and after share the machine's load",
    )
    parser.add_argument("--rounds", type=int, default=1, help="with --before: how many times to alternate the two")
    args = parser.parse_args(argv)
    counts = [int(c) for c in args.sessions.split(",") if c]
    if not counts or min(counts) < 1 or max(counts) > MAX_SESSIONS:
        parser.error(f"session counts must be 1..{MAX_SESSIONS}")
    if not 0 <= args.duration <= MAX_PHASE_S / 2 or args.interval <= 0:
        parser.error(f"--duration must be 0..{MAX_PHASE_S / 2:.0f} s and --interval positive")

    print(f"Load benchmark: {os.cpu_count()} cores; slider moves every {args.interval:g} s for {args.duration:g} s")
    print("seconds per run, server side: median, p95, max; errors/runs; resident memory of the app processes after;")
    print("CPU time of the app processes per first page / per slider run (does not grow with other load);")
    print("the machine's load average after each round (2 cores: above 2, other work shared them)")
    print()
    header = f"{'sessions':>8} | {'':10} {'median':>6} {'p95':>6} {'max':>6} errors/runs | {'':5} (same) | RSS | CPU"
    header += " | load"
    tables: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="roi-load-") as tmp:
        Path(tmp).chmod(0o755)  # nginx's workers (started as root: user nobody) must reach their folders in it
        if args.url:
            check_local(args.url)
            tables[args.url] = asyncio.run(measure(args.url, counts, args.interval, args.duration, args.seed))
        trees = [("", ROOT)]
        if args.before is not None and not args.url:
            if not (args.before / "app.py").is_file():
                parser.error(f"--before {args.before}: no app.py there")
            trees = [("before: ", args.before.resolve()), ("after: ", ROOT)] * max(1, args.rounds)
        for run, (label, root) in enumerate(trees):
            for target in [t for t in args.targets.split(",") if t and not args.url]:
                options = ["--runner.postScriptGC", "true"] if args.gc_after_run else []
                if target == "single":
                    ctx = single_server(Path(tmp) / f"single-{run}.log", options, root)
                    name = "one process (streamlit run app.py)"
                elif target == "launcher":
                    ctx = launcher(Path(tmp) / f"state-{run}", args.processes, options, root)
                    name = f"launcher (scripts/serve.sh: nginx + {args.processes} processes)"
                else:
                    parser.error(f"unknown target {target!r}")
                name = label + name + (" with a full GC after every run" if args.gc_after_run else "")
                name += f" [{root}]" if label else ""
                with ctx as (url, pids):
                    check_local(url)
                    rows = asyncio.run(measure(url, counts, args.interval, args.duration, args.seed, pids))
                tables[f"{run}: {name}"] = rows
                print(f"{name}\n{header}\n" + "\n".join(rows) + "\n", flush=True)
    if args.url:
        print(f"{args.url}\n{header}\n" + "\n".join(tables[args.url]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
