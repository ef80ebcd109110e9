"""Publishing (staff only): upload a layer, read the report, compare, publish; history and rollback."""

import streamlit as st

from pma_map.i18n import t
from pma_map.ui import publish as pub
from pma_map.ui import state
from pma_map.ui.auth import require_staff
from pma_map.ui.errors import guard

lang = state.current_lang()
require_staff(lang)

st.title(t("pub.title", lang))
layer = pub.layer_picker(lang)
uploaded = st.file_uploader(t("pub.file", lang), type=pub.UPLOAD_TYPES, key="pub_file")
pub.review(uploaded, layer, lang)  # options, report, column matching, preview, publish (guarded inside)
with guard(lang, what=f"publish page, history of {layer}"):
    pub.history_panel(layer, lang)
