"""Router of the app: page set-up, language switch, navigation."""

from pathlib import Path

import streamlit as st

from pma_map.i18n import t
from pma_map.ui.auth import is_staff
from pma_map.ui.state import current_lang, set_lang

st.set_page_config(page_title="Atouts de l'Artois", page_icon=str(Path(__file__).parent / "static" / "favicon.png"), layout="wide")
lang = current_lang()

# Each url_path is its file's name: on a freshly started server Streamlit resolves
# the first deep link by file name before the router takes over (ui.state).
pages = [
    st.Page("pages/explorer.py", title=t("nav.explorer", lang), icon=":material/map:", url_path="explorer",
            default=True),
    st.Page("pages/commune.py", title=t("nav.commune", lang), icon=":material/location_city:", url_path="commune"),
    st.Page("pages/investir.py", title=t("nav.invest", lang), icon=":material/factory:", url_path="investir"),
]
# Staff: a discreet sign-in page; publishing is listed only once signed in (and checks again itself).
if is_staff():
    pages.append(st.Page("pages/publier.py", title=t("nav.publish", lang), icon=":material/upload:",
                         url_path="publier"))
pages.append(st.Page("pages/agents.py", title=t("nav.staff", lang), icon=":material/lock:",
                     url_path="agents"))
page = st.navigation(pages)

st.sidebar.segmented_control(
    t("lang.label", lang), ["fr", "en"], default=lang, key="lang_switch",
    format_func=lambda code: {"fr": "Français", "en": "English"}[code],
    on_change=lambda: set_lang(st.session_state.get("lang_switch") or lang),
)
page.run()
