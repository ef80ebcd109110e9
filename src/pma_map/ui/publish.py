"""Widgets of the publishing page: upload, report, preview, diff, publish, history.

They call the same functions as the command line (``pma_map.publishing``);
every publish and rollback checks again that the user is staff.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from pma_map.catalogue import LAYERS, get_layer
from pma_map.i18n import fmt_num, t
from pma_map.layers import load_all, read_layer_file
from pma_map.publish import publishing
from pma_map.publish.diff import diff_layers, indicators_before_after
from pma_map.publish.ingest import ENCODINGS, EXTENSIONS, MAX_FILE_BYTES, ReadOptions, list_source_layers, safe_filename
from pma_map.publish.store import get_store
from pma_map.publish.validation import parse_mapping, refused
from pma_map.ui.auth import staff_user
from pma_map.ui.map import show_map
from pma_map.ui.widgets import md_escape

UPLOAD_TYPES = sorted(ext.lstrip(".") for ext in EXTENSIONS if ext not in (".shp", ".txt"))
_CACHE = "pub_prepared"
SAMPLE_CHARS = 60


def source_layers(uploaded) -> list[str]:
    """Layers of an uploaded GeoPackage, to choose from."""
    if uploaded is None or not uploaded.name.lower().endswith(".gpkg") or uploaded.size > MAX_FILE_BYTES:
        return []
    cached = st.session_state.get("pub_gpkg_layers")
    if cached and cached[0] == uploaded.file_id:
        return cached[1]
    with tempfile.TemporaryDirectory(prefix="pma-page-") as tmp:
        path = Path(tmp) / "upload.gpkg"
        path.write_bytes(uploaded.getvalue())
        layers = list_source_layers(path)
    st.session_state["pub_gpkg_layers"] = (uploaded.file_id, layers)
    return layers


def read_options(lang: str, layers: list[str] | None = None) -> tuple[ReadOptions, dict[str, str]]:
    """The reading options and column mappings; the GeoPackage layer when there are several."""
    source_layer = None
    if layers and len(layers) > 1:
        source_layer = st.selectbox(t("pub.source_layer", lang), layers, key="pub_source_layer",
                                    index=None, placeholder=t("pub.source_layer_pick", lang))
    with st.expander(t("pub.options", lang)):
        crs = st.text_input(t("pub.crs", lang), key="pub_crs").strip() or None
        encoding = st.selectbox(t("pub.encoding", lang), [None, *ENCODINGS], key="pub_encoding",
                                format_func=lambda e: e or t("pub.encoding_auto", lang))
        mapping_text = st.text_area(t("pub.mapping", lang), key="pub_mapping")
    lines = [line for line in mapping_text.splitlines() if line.strip()]
    try:
        mapping = parse_mapping(lines)
    except ValueError as exc:
        st.error(str(exc))
        mapping = {}
    return ReadOptions(crs=crs, encoding=encoding, source_layer=source_layer), mapping


def prepare_bytes(data: bytes, name: str, layer: str, options: ReadOptions, mapping: dict,
                  lang: str) -> publishing.Prepared:
    """Validate uploaded bytes (kept in a temporary folder only while reading)."""
    if len(data) > MAX_FILE_BYTES:
        return publishing.Prepared(layer, refused(layer, "file_too_large", t(
            "val.file_too_large", lang, mb=round(len(data) / 1024 / 1024, 1),
            max_mb=MAX_FILE_BYTES // (1024 * 1024))))
    with tempfile.TemporaryDirectory(prefix="pma-page-") as tmp:
        path = Path(tmp) / safe_filename(name)
        path.write_bytes(data)
        return publishing.prepare(path, layer, options=options, mapping=mapping, lang=lang)


def prepared_for(uploaded, layer: str, options: ReadOptions, mapping: dict, lang: str) -> publishing.Prepared:
    """The validated upload, computed once per file and choice of options."""
    # The current version is deliberately not in the key: the preview stays the one the user
    # reviewed, and publishing refuses if another version landed meanwhile.
    key = (uploaded.file_id, layer, options, tuple(sorted(mapping.items())), lang)
    cached = st.session_state.get(_CACHE)
    if cached and cached[0] == key:
        return cached[1]
    prepared = prepare_bytes(uploaded.getvalue(), uploaded.name, layer, options, mapping, lang)
    st.session_state[_CACHE] = (key, prepared)
    return prepared


def report_panel(prepared: publishing.Prepared, lang: str) -> None:
    """Errors and warnings, each with its code, message and the features concerned."""
    report = prepared.report
    st.subheader(t("pub.report", lang))
    if report.ok:
        st.success(t("pub.report_ok", lang, n=report.features, crs=report.crs_in or "—"))
    else:
        st.error(t("pub.report_errors", lang, n=len(report.errors)))
    for issue in report.errors + report.warnings:
        show = st.error if issue.level == "error" else st.warning
        show(f"**{md_escape(issue.code)}** — {md_escape(issue.message)}")
        if len(issue.features) > 5:
            with st.expander(t("pub.concerned", lang, which=len(issue.features))):
                st.text(", ".join(issue.features))
    up = prepared.upload
    if up is not None and up.text_sample and up.driver in ("ESRI Shapefile", "CSV"):
        sample = " | ".join(v if len(v) <= SAMPLE_CHARS else v[:SAMPLE_CHARS] + "…" for v in up.text_sample)
        st.caption(md_escape(t("pub.sample", lang, encoding=up.encoding or "UTF-8", sample=sample)))


def _preview_layers(layer: str, gdf, data: dict) -> dict:
    return {"communes": gdf} if layer == "communes" else {"communes": data["communes"], layer: gdf}


def preview(prepared: publishing.Prepared, lang: str) -> None:
    """The current and new versions side by side, the diff and the indicators before/after."""
    layer, new = prepared.layer, prepared.gdf
    store = get_store()
    base = store.current(layer) if prepared.base_version is None else store.version(layer, prepared.base_version)
    current = read_layer_file(base.path)
    data = {**load_all(), layer: current}
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('pub.current', lang, version=base.version)}**")
        show_map(_preview_layers(layer, current, data), lang, all_communes=data["communes"],
                 key="pub_map_current", height=420)
    with right:
        st.markdown(f"**{t('pub.new', lang)}**")
        show_map(_preview_layers(layer, new, data), lang, all_communes=data["communes"],
                 key="pub_map_new", height=420)

    d = diff_layers(current, new, get_layer(layer))
    st.subheader(t("pub.diff", lang))
    st.write(t("pub.diff_summary", lang, added=len(d.added), removed=len(d.removed),
               changed=len(d.changed), same=d.unchanged))
    rows = d.rows()
    if rows:
        table = pd.DataFrame(rows)
        table["change"] = table["change"].map(lambda c: t(f"pub.change.{c}", lang))
        table.columns = [t("pub.col.id", lang), t("pub.col.change", lang), t("pub.col.fields", lang)]
        st.dataframe(table, hide_index=True, width="stretch")

    st.subheader(t("pub.indicators", lang))
    ind = indicators_before_after(data, layer, new)
    if ind:
        unit = lambda r: t(r["unit_key"], lang) if r["unit_key"] else ""  # noqa: E731 - communes: no unit
        st.dataframe(pd.DataFrame([{
            t("pub.col.indicator", lang): t(f"indicator.{r['key']}", lang),
            t("pub.col.before", lang): f"{fmt_num(r['before'], lang, r['decimals'])} {unit(r)}".strip(),
            t("pub.col.after", lang): f"{fmt_num(r['after'], lang, r['decimals'])} {unit(r)}".strip(),
        } for r in ind]), hide_index=True, width="stretch")


def publish_form(prepared: publishing.Prepared, lang: str) -> None:
    """Note and publish button; the author is the signed-in staff member."""
    author = staff_user()
    st.caption(t("pub.author", lang, author=author or "—"))
    note = st.text_area(t("pub.note", lang), key="pub_note")
    if st.button(t("pub.publish", lang), type="primary", key="pub_publish", disabled=not prepared.ok):
        user = staff_user()  # checked again on the server at the moment of publishing
        if user is None:
            st.error(t("auth.required", lang))
            return
        if not note.strip():
            st.error(t("pub.note_required", lang))
            return
        try:
            lv = publishing.publish(prepared, author=user, note=note.strip(), check_base=True)
        except ValueError as exc:
            st.session_state.pop(_CACHE, None)
            st.error(str(exc))
            return
        st.session_state.pop(_CACHE, None)
        st.success(t("pub.published", lang, version=lv.version, layer=get_layer(prepared.layer).title(lang)))


def history_panel(layer: str, lang: str) -> None:
    """Every version of the layer, and a rollback to any of them in one action."""
    rows = get_store().history(layer)
    st.subheader(t("pub.history", lang))
    done = st.session_state.pop("pub_rollback_done", None)
    if done:
        st.success(done)
    st.dataframe(pd.DataFrame([{
        t("pub.col.version", lang): m["version"],
        t("pub.col.current", lang): (t("pub.current_rollback", lang, by=m.get("current_by"),
                                        since=m.get("current_since"))
                                      if m["current"] and m.get("current_action") == "rollback"
                                      else "✓" if m["current"] else ""),
        t("pub.col.time", lang): m.get("published_at") or "—",
        t("pub.col.author", lang): t("pub.bundled", lang) if m["version"] == 1 else m.get("author") or "",
        t("pub.col.features", lang): m.get("features"),
        t("pub.col.note", lang): "" if m["version"] == 1 else m.get("note") or "",
    } for m in reversed(rows)]), hide_index=True, width="stretch")
    others = [m["version"] for m in rows if not m["current"]]
    if not others:
        return
    c1, c2 = st.columns([1, 2])
    target = c1.selectbox(t("pub.rollback_to", lang), others[::-1], key="pub_rollback_to")
    if c2.button(t("pub.rollback", lang), key="pub_rollback"):
        user = staff_user()  # checked again on the server
        if user is None:
            st.error(t("auth.required", lang))
            return
        try:
            lv = publishing.rollback(layer, int(target), author=user)
        except ValueError as exc:  # a changed file, a full disk: said, nothing changed
            st.error(str(exc))
            return
        st.session_state.pop(_CACHE, None)
        st.session_state["pub_rollback_done"] = t("pub.rolled_back", lang, version=lv.version,
                                                  layer=get_layer(layer).title(lang))
        st.rerun()


_PICK = "pub_pick_"


def _pick_prefix(uploaded) -> str:
    return f"{_PICK}{uploaded.file_id}_"


def picked_mapping(uploaded) -> dict[str, str]:
    """Column -> field chosen with the pickers for this upload."""
    if uploaded is None:
        return {}
    prefix = _pick_prefix(uploaded)
    return {k[len(prefix):]: v for k, v in st.session_state.items()
            if isinstance(k, str) and k.startswith(prefix) and v}


def column_pickers(prepared: publishing.Prepared, uploaded, lang: str) -> None:
    """One picker per column of the file that is not a catalogue field: which field it is."""
    up = prepared.upload
    if up is None:
        return
    spec = get_layer(prepared.layer)
    columns = [str(c) for c in up.gdf.columns if c != "geometry" and c not in spec.field_names]
    if not columns:
        return
    missing = [f for f in spec.required_fields if f not in up.gdf.columns]
    label = (lambda f: f.label_en) if lang == "en" else (lambda f: f.label_fr)
    with st.expander(t("pub.pick_title", lang), expanded=bool(missing)):
        st.caption(t("pub.pick_help", lang, fields=", ".join(missing) or t("val.none", lang)))
        for col in columns:
            st.selectbox(md_escape(col), [None, *spec.field_names], key=_pick_prefix(uploaded) + col,
                         format_func=lambda f: t("pub.pick_none", lang) if f is None
                         else f"{f} — {label(spec.field(f))}")


def review(uploaded, layer: str, lang: str) -> None:
    """Everything after the upload: options, report, column pickers, preview, publish form."""
    options, mapping = read_options(lang, source_layers(uploaded))
    if uploaded is None:
        st.info(t("pub.upload_first", lang))
        return
    mapping = {**mapping, **picked_mapping(uploaded)}
    if layer == "communes":  # a change of territory is refused unless confirmed here
        options = replace(options, territory_change=st.checkbox(t("publish.territory_change", lang),
                                                                key="pub_territory_change"))
    prepared = prepared_for(uploaded, layer, options, mapping, lang)
    report_panel(prepared, lang)
    column_pickers(prepared, uploaded, lang)
    if prepared.gdf is not None:
        preview(prepared, lang)
    if prepared.ok:
        publish_form(prepared, lang)


def layer_picker(lang: str) -> str:
    return st.selectbox(t("pub.layer", lang), list(LAYERS), key="pub_layer",
                        format_func=lambda name: LAYERS[name].title(lang))
