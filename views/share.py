"""Share and export: the link and its QR code, downloads, and loading a scenario file.

Uploaded files are read in memory (``UploadedFile.getvalue()``), never logged
or written to disk. A file that cannot be read leaves the current scenario as
it was and says why; a good one is handed to the sidebar with
``state.request_load`` (the sidebar owns the widgets and applies it at the
start of the run).

Tests (AppTest cannot drive a file uploader) put the file's bytes into
``st.session_state[INJECT_KEY]``: the page treats them exactly like an upload.
"""

import functools

import streamlit as st

from roi_core.scenario_io import MAX_FILE_BYTES, MAX_LINK_CHARS, ScenarioError, from_json
from ui import kpi_plan, state
from ui.compute import results
from ui.export import (
    ExportResults,
    file_stem,
    is_local_address,
    link_fit,
    results_csv,
    results_xlsx,
    scenario_json,
    share_link,
)
from ui.format import metric_help, metric_label, metric_text, number
from ui.i18n import current_lang, t
from ui.qr import qr_png
from ui.report import report_bytes
from ui.safe_text import md

UPLOAD_KEY = "share_upload"
INJECT_KEY = "_share_upload_bytes"
ERROR_KEY = "_share_upload_error"
LOADED_KEY = "_share_upload_loaded"

ss = st.session_state
lang = current_lang()
qr_png_cached = st.cache_data(max_entries=64, show_spinner=False)(qr_png)  # ~40 ms each; same link, same image
cur = ss.get("cur", "EUR")


def _load(data: bytes) -> bool:
    """Read a scenario file; on success ask the sidebar to load it. Never raises."""
    if len(data) > MAX_FILE_BYTES:
        ss[ERROR_KEY] = t("share.upload_too_big", mb=number(MAX_FILE_BYTES / 1e6, lang))
        return False
    try:
        loaded = from_json(data)
    except ScenarioError as exc:
        ss[ERROR_KEY] = t("share.upload_error", reason=md(exc))
        return False
    except Exception:  # noqa: BLE001 - a hostile file must never end in a traceback
        ss[ERROR_KEY] = t("share.upload_unreadable")
        return False
    state.request_load(loaded.scenario, loaded.warnings)
    if loaded.plan.kpis:  # a file with a KPI plan brings it along; one without leaves the session's plan alone
        kpi_plan.load_plan(loaded.plan)
    ss[LOADED_KEY] = loaded.scenario.name
    return True


def _on_upload() -> None:
    f = ss.get(UPLOAD_KEY)
    if f is not None:
        _load(f.getvalue())


injected = ss.pop(INJECT_KEY, None)
if isinstance(injected, bytes | bytearray | str) and _load(
    injected.encode("utf-8") if isinstance(injected, str) else bytes(injected)
):
    st.rerun()  # the sidebar has drawn its widgets already: load the scenario in a fresh run

s = state.current_scenario()
plan = kpi_plan.current_plan()
r = ExportResults.of(s, results(s))
params = ss.get("_link") or st.query_params.to_dict()
link = share_link(getattr(st.context, "url", None), params, page_path="share")
absolute = link.startswith(("http://", "https://"))

st.title(t("share.title"))
st.caption(t("share.intro"))

error = ss.pop(ERROR_KEY, None)
if error:
    st.error(error, icon=":material/error:")
loaded_name = ss.pop(LOADED_KEY, None)
if loaded_name is not None:
    st.success(t("share.upload_ok", name=md(loaded_name)), icon=":material/check_circle:")

# --- what is being shared ---------------------------------------------------------------------------------
cols = st.columns(3)
with cols[0].container(key="share_name"):  # a name wraps instead of ending in "..." (ui.sidebar's CSS)
    st.metric(t("share.scenario"), md(state.scenario_name(s, lang)), border=True)
mv = r.metrics
for col, key in zip(cols[1:], ("roi_likely", "prob_roi_positive"), strict=True):
    col.metric(metric_label(key, lang, mv), metric_text(key, mv, lang, cur), help=metric_help(key, lang), border=True)

# --- link and QR code ---------------------------------------------------------------------------------------
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
            png = qr_png_cached(link)
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

# --- downloads ---------------------------------------------------------------------------------------------
st.subheader(t("share.downloads_title"))
st.caption(t("share.downloads_help"))
stem = file_stem(s)
# Files are built only when clicked (Streamlit calls the function then), not on every rerun.
downloads = (
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
dl_cols = st.columns(len(downloads))
for col, (kind, label, make, name, mime, icon) in zip(dl_cols, downloads, strict=True):
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

# --- load a scenario file -------------------------------------------------------------------------------
st.subheader(t("share.upload_title"))
st.file_uploader(
    t("share.upload_label"),
    type=["json"],
    key=UPLOAD_KEY,
    on_change=_on_upload,
    max_upload_size=max(1, MAX_FILE_BYTES // 1_000_000),
    help=t("share.upload_help"),
)
