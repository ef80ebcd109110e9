"""Staff area: sign in (organisation account or local staff account), sign out."""

import streamlit as st

from pma_map.i18n import t
from pma_map.ui import state
from pma_map.ui.auth import sign_in_panel
from pma_map.ui.errors import guard

lang = state.current_lang()

st.title(t("auth.title", lang))
st.caption(t("auth.intro", lang))
with guard(lang, what="staff sign-in"):
    sign_in_panel(lang)
