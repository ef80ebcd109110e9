"""The "Imprimer cette carte" menu of the explorer and the commune page.

An expander (inline, so that on a phone its buttons scroll with the page; a
popover opened off-screen there) with the paper size and the download buttons;
each PDF is made only when its button is clicked (Streamlit's deferred
download data), from the same filter as the map on screen.
"""

from __future__ import annotations

import re

import streamlit as st

from pma_map.filters import Filters
from pma_map.i18n import t


def _print_view(*args):
    """The PDF of the view; the PDF code (reportlab: 0.7 s to import on a first run) is imported
    only when a PDF is asked for."""
    from pma_map.printing.document import print_view

    return print_view(*args)


def _commune_sheet(*args):
    from pma_map.printing.commune import commune_sheet

    return commune_sheet(*args)


def _file_name(stem: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") + ".pdf"


def print_menu(data, f: Filters, lang: str, *, key: str, insee: str | None = None, name: str | None = None) -> None:
    """The menu: paper size, the PDF of the view ``f`` and, on a commune page, the commune's profile."""
    with st.expander(t("print.button", lang), icon=":material/print:"):
        fmt = st.radio(t("print.format", lang), ("a4", "a3"), horizontal=True, key=f"{key}_format",
                       format_func=lambda v: {"a4": "A4", "a3": "A3"}[v])
        st.caption(t("print.help", lang))
        stem = "carte" if lang == "fr" else "map"
        scope = "-".join(f.epci) or (name or "")
        st.download_button(t("print.download", lang), data=lambda: _print_view(data, f, lang, fmt),
                           file_name=_file_name(f"{stem}-{scope}-{fmt}" if scope else f"{stem}-{fmt}"),
                           mime="application/pdf", icon=":material/picture_as_pdf:", key=f"{key}_pdf",
                           on_click="ignore", width="stretch")
        if insee is not None:
            st.download_button(t("print.sheet_button", lang), data=lambda: _commune_sheet(data, insee, lang),
                               file_name=_file_name(f"{'fiche' if lang == 'fr' else 'profile'}-{name or insee}"),
                               mime="application/pdf", icon=":material/description:", key=f"{key}_sheet",
                               on_click="ignore", width="stretch")
