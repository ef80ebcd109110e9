"""Widgets of the publishing page: upload, report, preview, diff, publish, history.

They call the same functions as the command line (``pma_map.publish.publishing``);
every publish and rollback checks again that the user is staff.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from pma_map import population
from pma_map.catalogue import LAYERS, get_layer
from pma_map.errors import error_text
from pma_map.i18n import fmt_num, t
from pma_map.layers import load_all, read_layer_file
from pma_map.publish import publishing
from pma_map.publish.diff import Diff, diff_layers, indicators_before_after
from pma_map.publish.ingest import ENCODINGS, EXTENSIONS, MAX_FILE_BYTES, ReadOptions, list_source_layers, safe_filename
from pma_map.publish.store import ChecksumMismatch, LockBusy, StaleBase, get_store
from pma_map.publish.validation import Issue, id_field, parse_mapping, refused
from pma_map.text import local_time
from pma_map.ui.auth import staff_user
from pma_map.ui.errors import guard, report
from pma_map.ui.map import show_map
from pma_map.ui.widgets import md_escape

UPLOAD_TYPES = sorted(ext.lstrip(".") for ext in EXTENSIONS if ext not in (".shp", ".txt"))
_CACHE = "pub_prepared"
#: (file id, layer, version) of the last file published from this session, and its success message.
_DONE = "pub_done"
_DONE_MSG = "pub_done_message"
_ASK = "pub_rollback_ask"
#: Report messages written for the command line (they name its --crs option): the page's wording.
_PAGE_MESSAGES = {"no_crs": "staff.val.no_crs", "no_crs_lambert93": "staff.val.no_crs_lambert93",
                  "all_outside": "staff.val.all_outside"}
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
        st.error(md_escape(error_text(exc, lang)))  # the pair typed is shown back
        mapping = {}
    return ReadOptions(crs=crs, encoding=encoding, source_layer=source_layer), mapping


def prepare_bytes(data: bytes, name: str, layer: str, options: ReadOptions, mapping: dict,
                  lang: str) -> publishing.CheckedUpload:
    """Validate uploaded bytes (kept in a temporary folder only while reading)."""
    if len(data) > MAX_FILE_BYTES:
        return publishing.CheckedUpload(layer, refused(layer, "file_too_large", t(
            "val.file_too_large", lang, mb=round(len(data) / 1024 / 1024, 1),
            max_mb=MAX_FILE_BYTES // (1024 * 1024))))
    with tempfile.TemporaryDirectory(prefix="pma-page-") as tmp:
        path = Path(tmp) / safe_filename(name)
        path.write_bytes(data)
        return publishing.prepare(path, layer, options=options, mapping=mapping, lang=lang)


def prepared_for(uploaded, layer: str, options: ReadOptions, mapping: dict, lang: str) -> publishing.CheckedUpload:
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


def report_panel(prepared: publishing.CheckedUpload, lang: str) -> None:
    """Errors and warnings, each with its code, message and the features concerned."""
    report = prepared.report
    st.subheader(t("pub.report", lang))
    if report.ok:
        st.success(t("pub.report_ok", lang, n=report.features, crs=report.crs_in or "—"))
    else:
        st.error(t("pub.report_errors", lang, n=len(report.errors)))
    for issue in report.errors + report.warnings:
        show = st.error if issue.level == "error" else st.warning
        show(f"**{md_escape(issue.code)}** — {md_escape(page_message(issue, lang))}")
        if len(issue.features) > 5:
            with st.expander(t("pub.concerned", lang, which=len(issue.features))):
                st.text(", ".join(issue.features))
    up = prepared.upload
    if up is not None and up.text_sample and up.driver in ("ESRI Shapefile", "CSV"):
        sample = " | ".join(v if len(v) <= SAMPLE_CHARS else v[:SAMPLE_CHARS] + "…" for v in up.text_sample)
        st.caption(md_escape(t("pub.sample", lang, encoding=up.encoding or "UTF-8", sample=sample)))


def page_message(issue: Issue, lang: str) -> str:
    """The report message as the page says it (what to choose on the page, not a CLI option)."""
    key = _PAGE_MESSAGES.get(issue.code)
    return t(key, lang, n=len(issue.features)) if key else issue.message


def fmt_indicator(value, decimals: int, unit_key: str, lang: str) -> str:
    """An indicator value with its unit; counts have no unit, unpublished values none either."""
    text = fmt_num(value, lang, decimals)
    return f"{text} {t(unit_key, lang)}" if unit_key and value is not None else text


def fmt_cell(value, lang: str) -> str:
    """A field value for the old -> new table (numbers in the page's conventions)."""
    if value is None:
        return t("staff.empty", lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return fmt_num(value, lang)
    if isinstance(value, float):
        return fmt_num(value, lang, 0 if value.is_integer() else min(6, len(repr(value).split(".")[-1])))
    return str(value)


def values_table(d: Diff, new, layer: str, lang: str) -> pd.DataFrame:
    """One row per changed field: identifier, name, field, old value, new value."""
    spec = get_layer(layer)
    key = id_field(spec)
    names = {}
    if "nom" in new.columns and key in new.columns:
        names = dict(zip(new[key].astype(str), new["nom"], strict=False))
    rows = []
    for r in d.value_rows():
        if r["field"] == "geometry":
            label, old, after = t("staff.geometry", lang), "", t("staff.geometry_changed", lang)
        else:
            f = spec.field(r["field"])
            label = f"{r['field']} — {f.label_en if lang == 'en' else f.label_fr}"
            old, after = fmt_cell(r["old"], lang), fmt_cell(r["new"], lang)
        rows.append({t("pub.col.id", lang): r["id"], t("staff.col.name", lang): names.get(r["id"], ""),
                     t("staff.col.field", lang): label, t("staff.col.old", lang): old,
                     t("staff.col.new", lang): after})
    return pd.DataFrame(rows)


def _preview_layers(layer: str, gdf, data: dict) -> dict:
    return {"communes": gdf} if layer == "communes" else {"communes": data["communes"], layer: gdf}


def preview(prepared: publishing.CheckedUpload, lang: str) -> Diff:
    """The current and new versions side by side, the diff (old -> new values) and the indicators."""
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
    if d.changed:
        st.markdown(f"**{t('staff.values', lang)}**")
        st.dataframe(values_table(d, new, layer, lang), hide_index=True, width="stretch", key="pub_values")

    st.subheader(t("pub.indicators", lang))
    ind = indicators_before_after(data, layer, new)
    if ind:
        st.dataframe(pd.DataFrame([{
            t("pub.col.indicator", lang): t(f"indicator.{r['key']}", lang),
            t("pub.col.before", lang): _indicator_value(r, "before", lang),
            t("pub.col.after", lang): _indicator_value(r, "after", lang),
        } for r in ind]), hide_index=True, width="stretch", key="pub_indicators")
    if d.empty:
        st.error(t("staff.identical", lang, version=base.version, layer=get_layer(layer).title(lang)))
    return d


def _indicator_value(row: dict, side: str, lang: str) -> str:
    """"642 834 habitants", followed for the population by its year ("(population municipale 2023)")."""
    text = fmt_indicator(row[side], row["decimals"], row["unit_key"], lang)
    vintage = row.get(f"vintage_{side}")
    return f"{text} ({population.label(vintage, lang).lower()})" if vintage and row[side] is not None else text


def publish_form(prepared: publishing.CheckedUpload, lang: str, file_id: str | None = None) -> None:
    """Note and publish button; the author is the signed-in staff member.

    After a success the page runs again without the button: the same file cannot be published twice.
    """
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
        title = get_layer(prepared.layer).title(lang)
        try:
            lv = publishing.publish(prepared, author=user, note=note.strip(), check_base=True)
        except StaleBase as exc:
            st.session_state.pop(_CACHE, None)
            st.error(t("staff.publish.stale", lang, current=exc.current, expected=exc.expected, by=exc.by,
                       layer=title))
            return
        except LockBusy:
            st.error(t("staff.lock_busy", lang, layer=title))
            return
        except ValueError as exc:  # a refusal the staff member can act on (PmaError and its kin)
            st.session_state.pop(_CACHE, None)
            st.error(error_text(exc, lang))
            return
        except Exception as exc:  # noqa: BLE001 - said on the page, logged on the server
            st.session_state.pop(_CACHE, None)
            st.error(t("staff.publish.failed", lang, ref=report(exc, f"publish {prepared.layer}")))
            return
        st.session_state.pop(_CACHE, None)
        st.session_state.pop("pub_note", None)
        st.session_state[_DONE] = (file_id, prepared.layer, lv.version)
        st.session_state[_DONE_MSG] = t("pub.published", lang, version=lv.version, layer=title)
        st.rerun()


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
                                        since=local_time(m.get("current_since"), lang))
                                      if m["current"] and m.get("current_action") == "rollback"
                                      else "✓" if m["current"] else ""),
        t("staff.col.time", lang): local_time(m.get("published_at"), lang) if m["version"] != 1 else "—",
        t("pub.col.author", lang): t("pub.bundled", lang) if m["version"] == 1 else m.get("author") or "",
        t("pub.col.features", lang): m.get("features"),
        t("pub.col.note", lang): "" if m["version"] == 1 else m.get("note") or "",
    } for m in reversed(rows)]), hide_index=True, width="stretch", key="pub_history")
    others = [m["version"] for m in rows if not m["current"]]
    if not others:
        return
    current = next(m["version"] for m in rows if m["current"])
    when = {m["version"]: (t("staff.bundled_when", lang) if m["version"] == 1 else
                           t("staff.version_of", lang, when=local_time(m.get("published_at"), lang)))
            for m in rows}
    c1, c2 = st.columns([1, 2], vertical_alignment="bottom")
    target = int(c1.selectbox(t("pub.rollback_to", lang), others[::-1], key="pub_rollback_to"))
    if c2.button(t("pub.rollback", lang), key="pub_rollback"):
        st.session_state[_ASK] = (layer, target, current)
    if st.session_state.get(_ASK) != (layer, target, current):
        return
    # Nothing changes before the staff member confirms, seeing which version becomes current.
    title = get_layer(layer).title(lang)
    st.warning(t("staff.rollback.ask", lang, version=target, current=current, layer=title, when=when[target]))
    yes, no, _ = st.columns([1, 1, 2])
    if no.button(t("staff.rollback.cancel", lang), key="pub_rollback_cancel"):
        st.session_state.pop(_ASK, None)
        st.rerun()
    if yes.button(t("staff.rollback.yes", lang, version=target), key="pub_rollback_confirm", type="primary"):
        st.session_state.pop(_ASK, None)
        user = staff_user()  # checked again on the server
        if user is None:
            st.error(t("auth.required", lang))
            return
        try:
            lv = publishing.rollback(layer, int(target), author=user)
        except LockBusy:
            st.error(t("staff.lock_busy", lang, layer=title))
            return
        except ChecksumMismatch:
            st.error(t("staff.rollback.checksum", lang, version=target))
            return
        except ValueError as exc:  # a changed file, a full disk: said, nothing changed
            st.error(error_text(exc, lang))
            return
        except Exception as exc:  # noqa: BLE001 - said on the page, logged on the server
            st.error(t("staff.rollback.failed", lang, version=target, ref=report(exc, f"rollback {layer}")))
            return
        st.session_state.pop(_CACHE, None)
        st.session_state["pub_rollback_done"] = t("pub.rolled_back", lang, version=lv.version, layer=title)
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


def column_pickers(prepared: publishing.CheckedUpload, uploaded, lang: str) -> None:
    """One picker per column of the file that is not a catalogue field: which field it is."""
    up = prepared.upload
    if up is None:
        return
    spec = get_layer(prepared.layer)
    columns = [str(c) for c in up.gdf.columns if c != "geometry" and c not in spec.field_names]
    if not columns:
        return
    missing = [f for f in spec.required_fields if f not in up.gdf.columns]
    with st.expander(t("pub.pick_title", lang), expanded=bool(missing)):
        st.caption(t("pub.pick_help", lang, fields=", ".join(missing) or t("val.none", lang)))
        for col in columns:
            st.selectbox(md_escape(col), [None, *spec.field_names], key=_pick_prefix(uploaded) + col,
                         format_func=lambda f: t("pub.pick_none", lang) if f is None
                         else f"{f} — {spec.field(f).label(lang)}")


def review(uploaded, layer: str, lang: str) -> None:
    """Everything after the upload: options, report, column pickers, preview, publish form."""
    options, mapping = read_options(lang, source_layers(uploaded))
    if uploaded is None:
        st.info(t("pub.upload_first", lang))
        return
    done = st.session_state.get(_DONE)
    if done and done[0] == uploaded.file_id and done[1] == layer:
        message = st.session_state.pop(_DONE_MSG, None)
        if message:
            st.success(message)
        title, current = get_layer(layer).title(lang), get_store().current(layer).version
        if current == done[2]:
            st.info(t("staff.already_published", lang, version=done[2], layer=title))
        else:  # rolled back since: publishing the file again would copy a version of the history
            st.info(t("staff.published_then_rolled_back", lang, version=done[2], current=current, layer=title))
        return
    mapping = {**mapping, **picked_mapping(uploaded)}
    if layer == "communes":  # a change of territory is refused unless confirmed here
        options = replace(options, territory_change=st.checkbox(t("publish.territory_change", lang),
                                                                key="pub_territory_change"))
    with guard(lang, what=f"publish page, review of {layer}"):
        prepared = prepared_for(uploaded, layer, options, mapping, lang)
        report_panel(prepared, lang)
        column_pickers(prepared, uploaded, lang)
        d = preview(prepared, lang) if prepared.gdf is not None else None
        if prepared.ok and d is not None and not d.empty:
            publish_form(prepared, lang, uploaded.file_id)


def layer_picker(lang: str) -> str:
    return st.selectbox(t("pub.layer", lang), list(LAYERS), key="pub_layer",
                        format_func=lambda name: LAYERS[name].title(lang))
