"""The parts of the Share page: loading a scenario file, what is being shared, the link with its QR code, downloads.

Uploaded files are read in memory (``UploadedFile.getvalue()``), never logged
or written to disk. A file that cannot be read leaves the current scenario as
it was and says why; a good one is handed to the sidebar with
``widget_state.request_load`` (the sidebar owns the widgets and applies it at the
start of the run).

Tests (AppTest cannot drive a file uploader) put the file's bytes into
``st.session_state[INJECT_KEY]``: the page treats them exactly like an upload
(:func:`take_injected`).
"""

from __future__ import annotations

import functools

import streamlit as st

from roi_core import Scenario
from roi_core.kpi import KpiPlan
from roi_core.scenario_io import MAX_FILE_BYTES, MAX_LINK_CHARS, ScenarioError, from_json
from ui.common import presets, widget_state
from ui.common.format import metric_help, metric_label, metric_text, number
from ui.common.i18n import t
from ui.common.notices import notice_text
from ui.common.safe_text import md
from ui.exports.export import (
    ExportResults,
    file_stem,
    is_local_address,
    link_fit,
    results_csv,
    results_xlsx,
    scenario_json,
)
from ui.exports.qr import qr_png
from ui.exports.report import report_bytes
from ui.kpi import kpi_plan

__all__ = [
    "UPLOAD_KEY",
    "INJECT_KEY",
    "ERROR_KEY",
    "LOADED_KEY",
    "take_injected",
    "upload_notices",
    "headline",
    "link_panel",
    "downloads",
    "upload_box",
]

UPLOAD_KEY = "share_upload"
INJECT_KEY = "_share_upload_bytes"
ERROR_KEY = "_share_upload_error"
LOADED_KEY = "_share_upload_loaded"

_qr_png_cached = st.cache_data(max_entries=64, show_spinner=False)(qr_png)  # same link, same image


def _load(data: bytes, lang: str) -> bool:
    """Read a scenario file; on success ask the sidebar to load it. Never raises."""
    ss = st.session_state
    if len(data) > MAX_FILE_BYTES:
        ss[ERROR_KEY] = t("share.upload_too_big", mb=number(MAX_FILE_BYTES / 1e6, lang))
        return False
    try:
        loaded = from_json(data)
    except ScenarioError as exc:
        ss[ERROR_KEY] = t(
            "share.upload_error", reason=notice_text(exc.notice, lang)
        )  # the reason, in the page's language
        return False
    except Exception:  # noqa: BLE001 - a hostile file must never end in a traceback
        ss[ERROR_KEY] = t("share.upload_unreadable")
        return False
    widget_state.request_load(loaded.scenario, loaded.warnings)
    if loaded.plan.kpis:  # a file with a KPI plan brings it along; one without leaves the session's plan alone
        kpi_plan.load_plan(loaded.plan)
    ss[LOADED_KEY] = loaded.scenario.name
    return True


def _on_upload(lang: str) -> None:
    """The uploader's callback: read the chosen file (before the rerun that follows)."""
    f = st.session_state.get(UPLOAD_KEY)
    if f is not None:
        _load(f.getvalue(), lang)


def take_injected(lang: str) -> None:
    """A file's bytes put into the session by a test: loaded like an upload, then a fresh run."""
    injected = st.session_state.pop(INJECT_KEY, None)
    if isinstance(injected, bytes | bytearray | str) and _load(
        injected.encode("utf-8") if isinstance(injected, str) else bytes(injected), lang
    ):
        st.rerun()  # the sidebar has drawn its widgets already: load the scenario in a fresh run


def upload_notices(lang: str) -> None:
    """Why the last file could not be read, or which scenario it loaded (once, after its rerun)."""
    error = st.session_state.pop(ERROR_KEY, None)
    if error:
        st.error(error, icon=":material/error:")
    loaded_name = st.session_state.pop(LOADED_KEY, None)
    if loaded_name is not None:
        st.success(t("share.upload_ok", name=md(loaded_name)), icon=":material/check_circle:")


def headline(s: Scenario, r: ExportResults, lang: str, cur: str) -> None:
    """What is being shared: the scenario's name, its likely ROI and the chance of a positive ROI."""
    cols = st.columns(3)
    with cols[0].container(key="share_name"):  # a name wraps instead of ending in "..." (ui.sidebar.sidebar's CSS)
        st.metric(t("share.scenario"), md(presets.scenario_name(s, lang)), border=True)
    mv = r.metrics
    for col, key in zip(cols[1:], ("roi_likely", "prob_roi_positive"), strict=True):
        col.metric(
            metric_label(key, lang, mv), metric_text(key, mv, lang, cur), help=metric_help(key, lang), border=True
        )


def link_panel(s: Scenario, link: str, params: dict[str, str], lang: str) -> None:
    """The link (with what did not fit in it) and its QR code, when the link has an address phones can reach."""
    absolute = link.startswith(("http://", "https://"))
    st.subheader(t("share.link_title"))
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.caption(t("share.link_help"))
        st.code(link, language=None, wrap_lines=True)
        if not absolute:
            st.caption(t("share.relative_note"))
        fit = link_fit(s, params)
        if fit == "too_long":
            st.error(t("inputs.link_too_long", max=number(MAX_LINK_CHARS, lang)), icon=":material/link_off:")
        elif fit == "no_notes":
            st.warning(t("inputs.link_no_notes", max=number(MAX_LINK_CHARS, lang)), icon=":material/notes:")
    with right:
        if absolute and is_local_address(link):
            st.warning(t("inputs.qr_local"), icon=":material/phonelink_off:")
        if absolute:
            try:
                png = _qr_png_cached(link)
            except ValueError:
                st.warning(t("share.qr_too_long"))
            else:
                st.image(png, caption=t("share.qr_caption"), width="stretch")
                st.download_button(
                    t("share.qr_download"),
                    png,
                    file_name="share-link-qr.png",
                    mime="image/png",
                    key="share_dl_qr",
                    on_click="ignore",
                    icon=":material/qr_code_2:",
                )
        else:
            st.info(t("share.qr_needs_address"), icon=":material/qr_code_2:")


def downloads(s: Scenario, r: ExportResults, plan: KpiPlan, link: str, lang: str, cur: str) -> None:
    """One button per file (scenario, results as CSV and Excel, the report), each built only when clicked."""
    st.subheader(t("share.downloads_title"))
    st.caption(t("share.downloads_help"))
    stem = file_stem(s)
    # Files are built only when clicked (Streamlit calls the function then), not on every rerun.
    files = (
        (
            "json",
            t("share.dl_json"),
            functools.partial(scenario_json, s, plan),
            f"{stem}.json",
            "application/json",
            ":material/data_object:",
        ),
        (
            "csv",
            t("share.dl_csv"),
            functools.partial(results_csv, r, lang, cur),
            f"{stem}.csv",
            "text/csv",
            ":material/table:",
        ),
        (
            "xlsx",
            t("share.dl_xlsx"),
            functools.partial(results_xlsx, r, lang, cur, link, None, plan),
            f"{stem}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ":material/grid_on:",
        ),
        (
            "html",
            t("share.dl_report"),
            functools.partial(report_bytes, r, lang, cur, link, None, plan),
            f"{stem}.html",
            "text/html",
            ":material/description:",
        ),
    )
    cols = st.columns(len(files))
    for col, (kind, label, make, name, mime, icon) in zip(cols, files, strict=True):
        col.download_button(
            label,
            make,
            file_name=name,
            mime=mime,
            key=f"share_dl_{kind}",
            on_click="ignore",
            icon=icon,
            width="stretch",
            type="primary" if kind == "html" else "secondary",
        )
    st.caption(t("share.report_note"))


def upload_box(lang: str) -> None:
    """The file uploader that loads a scenario file (read in memory, never stored)."""
    st.subheader(t("share.upload_title"))
    st.file_uploader(
        t("share.upload_label"),
        type=["json"],
        key=UPLOAD_KEY,
        on_change=_on_upload,
        args=(lang,),
        max_upload_size=max(1, MAX_FILE_BYTES // 1_000_000),
        help=t("share.upload_help"),
    )
