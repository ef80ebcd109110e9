"""Router of the app: page set-up, language switch, navigation.

``?mode=kiosk`` is the SIMI stand's guided tour: one page, no sidebar, no menu.
"""

from pathlib import Path

import streamlit as st

from pma_map.i18n import t
from pma_map.ui import kiosk, widget_texts
from pma_map.ui.auth import is_staff, publish_page_requested
from pma_map.ui.errors import guard
from pma_map.ui.state import current_lang, language_switch

st.set_page_config(page_title="Atouts de l'Artois", page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
                   layout="wide", initial_sidebar_state="collapsed" if kiosk.active() else "auto")
lang = current_lang()

# Each url_path is its file's name: on a freshly started server Streamlit resolves
# the first deep link by file name before the router takes over (ui.state).
if kiosk.active():
    page = st.navigation([st.Page("pages/visite.py", title=t("nav.kiosk", lang), icon=":material/slideshow:",
                                  url_path="visite", default=True)], position="hidden")
else:
    pages = [
        st.Page("pages/explorer.py", title=t("nav.explorer", lang), icon=":material/map:", url_path="explorer",
                default=True),
        st.Page("pages/commune.py", title=t("nav.commune", lang), icon=":material/location_city:",
                url_path="commune"),
        st.Page("pages/investir.py", title=t("nav.invest", lang), icon=":material/factory:", url_path="investir"),
        st.Page("pages/visite.py", title=t("nav.kiosk", lang), icon=":material/slideshow:", url_path="visite"),
    ]
    # Staff: a discreet sign-in page; publishing is listed only once signed in (and checks again itself).
    # A reload of the publishing page (which ends the staff session) still opens it, to say so.
    if is_staff() or publish_page_requested():
        pages.append(st.Page("pages/publier.py", title=t("nav.publish", lang), icon=":material/upload:",
                             url_path="publier"))
    pages.append(st.Page("pages/agents.py", title=t("nav.staff", lang), icon=":material/lock:",
                         url_path="agents"))
    page = st.navigation(pages)
    language_switch(st.sidebar, lang)
# Streamlit's own widget texts ("Select all", "No results"...) in the page's language.
widget_texts.install(lang)
with guard(lang, what=f"page {page.url_path or 'explorer'}"):  # no traceback ever reaches the browser
    page.run()
