"""Side-by-side benchmark: ``python -m benchmarks [--draws N] [--repeat R]``.

Every figure is measured in this one run on this machine, so the ratios
compare like with like:

* the floor: the time numpy needs merely to draw the uniform numbers for all
  varying inputs, ``rng.random((n_inputs, n_draws))``;
* ``roi_core.simulate``: sampling through quantile tables plus the chunked
  vectorised model;
* a plain vectorised version (``Generator.beta`` for PERT, one big model call);
* the same model written per draw in plain Python (``benchmarks.loop_model``),
  timed on fewer draws and reported per draw.

Goals (issue 2): 100,000 draws of a 5-year scenario well under 0.25 s, at
least 100x the per-draw loop, within 6x of the floor.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable

import numpy as np

from benchmarks import links, loop_model
from roi_core import INPUTS, Scenario, Shape, simulate, uncertain_keys
from roi_core.distributions import Z90
from roi_core.model import cash_flows, roi_pct


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time in seconds over ``repeat`` runs after one warm-up run."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def benchmark_scenario() -> Scenario:
    """Five years, continuous programme, every driver on: the heaviest standard case."""
    return Scenario(
        horizon_years=5, continuous=True, enabled=tuple(INPUTS[k].driver for k in INPUTS if INPUTS[k].driver)
    )


def plain_vectorised(scenario: Scenario, n: int, seed: int) -> np.ndarray:
    """What a first vectorised version looks like: Generator.beta per input, one model call."""
    rng = np.random.default_rng(seed)
    params: dict[str, object] = {}
    for k, r in scenario.values:
        if INPUTS[k].point_only or r.is_fixed:
            params[k] = r.likely
        elif r.shape is Shape.PERT:
            a = 1.0 + 4.0 * (r.likely - r.low) / (r.high - r.low)
            b = 1.0 + 4.0 * (r.high - r.likely) / (r.high - r.low)
            params[k] = r.low + (r.high - r.low) * rng.beta(a, b, n)
        elif r.shape is Shape.TRIANGULAR:
            params[k] = rng.triangular(r.low, r.likely, r.high, n)
        elif r.shape is Shape.UNIFORM:
            params[k] = rng.uniform(r.low, r.high, n)
        else:
            sd = (r.high - r.low) / (2 * Z90)
            params[k] = rng.normal((r.low + r.high) / 2, sd, n)
    cf = cash_flows(params, enabled=scenario.enabled, horizon_years=scenario.horizon_years, **scenario.model_options())
    return roi_pct(cf.pv_benefits(), cf.pv_costs())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--loop-draws", type=int, default=2_000, help="draws for the per-draw Python loop")
    parser.add_argument("--browser", action="store_true", help="measure in headless chromium instead (see browser.py)")
    parser.add_argument("--load", action="store_true", help="many sessions over websockets instead (see load.py)")
    args, _ = parser.parse_known_args(argv)
    if args.browser:
        from benchmarks import browser

        return browser.main(argv)
    if args.load:
        from benchmarks import load

        return load.main(argv)
    args = parser.parse_args(argv)

    s = benchmark_scenario()
    n, seed = args.draws, 1
    k = len(uncertain_keys(s))
    rng = np.random.default_rng(seed)

    print(
        f"Upskilling ROI Explorer benchmark - Python {platform.python_version()}, numpy {np.__version__}, "
        f"{platform.machine()}"
    )
    print(
        f"scenario: {s.horizon_years} years, continuous, {len(s.enabled)} drivers, {k} varying inputs; "
        f"{n:,} draws; median of {args.repeat} runs\n"
    )

    t_floor = timed(lambda: rng.random((k, n)), args.repeat)
    t_sim = timed(lambda: simulate(s, draws=n, seed=seed), args.repeat)
    t_plain = timed(lambda: plain_vectorised(s, n, seed), args.repeat)
    loop_n = args.loop_draws
    t_loop_total = timed(lambda: loop_model.simulate_loop(s, loop_n, seed), max(1, args.repeat // 3))
    t_loop = t_loop_total / loop_n * n  # same per-draw rate, scaled to n draws

    rows = [
        ("floor: rng.random((inputs, draws))", t_floor),
        ("roi_core.simulate (tables + chunked model)", t_sim),
        ("plain vectorised (Generator.beta, one call)", t_plain),
        (f"per-draw Python loop (timed on {loop_n:,} draws)", t_loop),
    ]
    print(f"{'what':<48} {'time for ' + format(n, ',') + ' draws':>22} {'draws/s':>14}")
    for name, t in rows:
        print(f"{name:<48} {t * 1000:>19.1f} ms {n / t:>14,.0f}")
    print()
    print(f"simulate / floor          : {t_sim / t_floor:6.1f}x   (goal: <= 6x)")
    print(f"loop / simulate           : {t_loop / t_sim:6.0f}x   (goal: >= 100x)")
    print(f"plain vectorised / simulate: {t_plain / t_sim:5.1f}x")
    print(f"simulate absolute         : {t_sim * 1000:6.1f} ms (goal: well under 250 ms)")
    print()
    sensitivity_section(args.repeat)
    print()
    charts_section(args.repeat)
    print()
    evidence_section(args.repeat)
    links.main()
    return 0


def _performance_csv(rows: int, team_size: int = 20, seed: int = 1) -> bytes:
    """A performance file of ``rows`` people in teams of ``team_size`` (half the teams trained), Dutch format."""
    rng = np.random.default_rng(seed)
    team = np.arange(rows) // team_size
    before = 40 + rng.normal(0, 3, team.max() + 1)[team] + rng.normal(0, 5, rows)
    after = before + 1.5 + 2.0 * (team % 2 == 0) + rng.normal(0, 1, team.max() + 1)[team] + rng.normal(0, 2.5, rows)
    lines = ["id;team;groep;voor;na"] + [
        f"P{i};T{team[i]};{'getraind' if team[i] % 2 == 0 else 'controle'};{before[i]:.1f};{after[i]:.1f}".replace(
            ".", ","
        )
        for i in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def evidence_section(repeat: int) -> None:
    """A measured effect from a 10,000-row file (500 teams): reading, estimating, and the bootstrap check."""
    from roi_core.evidence import estimate_effect, estimate_frame, read_table

    print("Measured effect (difference in differences, cluster-robust by team), Dutch CSV")
    for rows in (10_000, 200_000):
        data = _performance_csv(rows)
        table = read_table(data)
        r = repeat if rows <= 10_000 else 1
        t_read = timed(lambda data=data: read_table(data), r)
        t_est = timed(lambda table=table: estimate_effect(table), r)
        t_plain = timed(lambda table=table: estimate_frame(table.frame, check=False), r)
        print(f"{f'{rows:,} rows ({rows // 20:,} teams): read and check the file':<58} {t_read * 1000:>9.1f} ms")
        print(f"{f'{rows:,} rows: estimate with the bootstrap check (2,000 resamples)':<58} {t_est * 1000:>9.1f} ms")
        print(f"{f'{rows:,} rows: estimate, regression only':<58} {t_plain * 1000:>9.1f} ms")


def charts_section(repeat: int) -> None:
    """The charts of the Overview and Over time pages for one new scenario: cached templates against Altair."""
    from ui.common import charts, vega
    from ui.common.compute import compute_results

    s = Scenario()
    r = compute_results(s)
    det, mc = r.deterministic, r.monte_carlo

    def build() -> None:
        charts.roi_histogram_chart(charts.histogram_frame(mc.roi_histogram), charts.markers_frame(mc))
        charts.waterfall_chart(charts.waterfall_frame(det), s.horizon_years)
        charts.cumulative_chart(
            charts.cumulative_frame(det, mc.cumulative_net_quantiles, start=mc.start_net_quantiles), det.payback_months
        )
        charts.yearly_chart(charts.yearly_frame(det))

    def cold() -> None:
        vega.clear_templates()
        build()

    t_warm, t_cold = timed(build, repeat), timed(cold, repeat)
    print("Charts of a new scenario (Overview + Over time: 4 charts, frames and Vega-Lite specs)")
    print(f"{'templates built with Altair each time (+ schema check)':<58} {t_cold * 1000:>9.1f} ms")
    print(f"{'cached templates, only the data filled in (the app)':<58} {t_warm * 1000:>9.1f} ms")
    print(f"Altair each time / cached templates: {t_cold / t_warm:5.1f}x")
    print()
    arrow_section(repeat)


def arrow_section(repeat: int) -> None:
    """The datasets of every chart on the Sensitivity page as Streamlit turns them into Arrow for the browser."""
    import pyarrow as pa
    from streamlit import dataframe_util

    from roi_core import Metric, evppi_all, rank_correlations
    from ui.common import vega
    from ui.sensitivity import sensitivity_charts as sc
    from ui.sensitivity.sensitivity_compute import compute_scatter

    s = Scenario()
    result = simulate(s)
    evppi = evppi_all(result)
    key = "productivity_gain_pct"
    heat, band = sc.scatter_frames(compute_scatter(result, Metric.ROI_PCT.value, key), "en", "EUR")
    specs = [
        sc.ranking_chart(sc.rank_frame(rank_correlations(result, metric=Metric.ROI_PCT.value), s, "en"), "rank", "en"),
        sc.scatter_chart(heat, band, sc.axis_label(s, key, "en", "EUR"), Metric.ROI_PCT.value, "en", "EUR"),
        sc.voi_chart(sc.voi_frame(evppi, s, "en", "EUR"), evppi.evpi, "en", "EUR"),
    ]
    datasets = [rows for spec in specs for rows in spec["datasets"].values()]

    def records() -> None:  # what Streamlit does with records: a pandas frame first, then Arrow
        for rows in datasets:
            dataframe_util.convert_anything_to_arrow_bytes(rows)

    def tables() -> None:  # what the app does: ui.common.vega.arrow_datasets, pyarrow tables straight from the records
        for spec in specs:
            for table in vega.arrow_datasets(spec)["datasets"].values():
                dataframe_util.convert_anything_to_arrow_bytes(table)

    assert all(isinstance(t, pa.Table) for spec in specs for t in vega.arrow_datasets(spec)["datasets"].values())
    t_records, t_tables = timed(records, repeat), timed(tables, repeat)
    rows_total = sum(len(rows) for rows in datasets)
    print(f"Chart data to Arrow (ranking, scatter, value of information: {len(datasets)} datasets, {rows_total} rows)")
    print(f"{'records, converted by Streamlit through pandas':<58} {t_records * 1000:>9.1f} ms")
    print(f"{'pyarrow tables from the records (ui.common.vega.arrow_datasets)':<58} {t_tables * 1000:>9.1f} ms")
    print(f"through pandas / pyarrow tables: {t_records / t_tables:5.1f}x")


def sensitivity_section(repeat: int) -> None:
    """Issue 4: the sensitivity and decision analyses on the default scenario."""
    from roi_core.decision import break_even, evppi_all, evppi_regression_all
    from roi_core.sensitivity import input_order, rank_correlations, sobol, spider, tornado

    s = Scenario()
    k = len(uncertain_keys(s))
    result = simulate(s)
    n_base = 1024
    evaluations = n_base * (k + 2)  # Saltelli design without second-order terms
    rows = [
        ("tornado (P10/P90, one model call)", timed(lambda: tornado(s), repeat)),
        ("spider (11 points per input)", timed(lambda: spider(s), repeat)),
        ("break-even + goal seek (ROI 0 % and 100 %)", timed(lambda: break_even(s, target_roi_pct=100.0), repeat)),
        (f"Monte Carlo, {s.draws:,} draws (the page's run)", timed(lambda: simulate(s), repeat)),
        ("rank correlations on those draws", timed(lambda: rank_correlations(result), repeat)),
        ("EVPI + EVPPI of every input (binning)", timed(lambda: evppi_all(result), repeat)),
        ("EVPI + EVPPI of every input (regression, with SE)", timed(lambda: evppi_regression_all(result), repeat)),
        (f"Sobol S1/ST, SALib, N={n_base} ({evaluations:,} evaluations)", timed(lambda: sobol(s, n_base=n_base), 3)),
        (f"plain Monte Carlo of {evaluations:,} draws", timed(lambda: simulate(s, draws=evaluations), 3)),
    ]
    print(f"Sensitivity on the default scenario ({k} varying inputs)")
    for name, t in rows:
        print(f"{name:<58} {t * 1000:>9.1f} ms")
    t_sobol, t_mc = rows[-2][1], rows[-1][1]
    print(f"Sobol / Monte Carlo of the same size: {t_sobol / t_mc:5.1f}x")
    # The sort that the rank correlations and the EVPPI share (roi_core.sensitivity.input_order), side by side.
    t_values = timed(lambda: np.argsort(result.inputs.values, axis=1, kind="stable"), repeat)
    t_cells = timed(lambda: input_order(result), repeat)
    print(f"{'sort of the draws: stable sort of the values':<58} {t_values * 1000:>9.1f} ms")
    print(f"{'sort of the draws: input_order (table cells, checked)':<58} {t_cells * 1000:>9.1f} ms")
    print(f"values / cells: {t_values / t_cells:5.1f}x")


if __name__ == "__main__":
    raise SystemExit(main())
