"""The app's router on hostile data, for the issue-14 browser test.

Staged outside the repository by the e2e fixture (so the pages are given by
absolute path, as in staff_app.py): the bundled layers come from
PMA_MAP_E2E_HOSTILE_GEO (Markdown in a commune's source and contact) and the
store from PMA_MAP_E2E_HOSTILE_DATA (a garbage current.json), so that the
other e2e tests never see them.
"""

import os
from pathlib import Path

import pma_map

os.environ["PMA_MAP_GEO_DIR"] = os.environ["PMA_MAP_E2E_HOSTILE_GEO"]
os.environ["PMA_MAP_DATA_DIR"] = os.environ["PMA_MAP_E2E_HOSTILE_DATA"]

import streamlit as st  # noqa: E402

from pma_map.ui.auth import is_staff  # noqa: E402
from pma_map.ui.state import current_lang  # noqa: E402

REPO = Path(pma_map.__file__).resolve().parents[2]

st.set_page_config(layout="wide")
current_lang()
pages = [st.Page(REPO / "pages/explorer.py", title="Explorer le territoire", url_path="explorer", default=True),
         st.Page(REPO / "pages/commune.py", title="Fiche commune", url_path="commune"),
         st.Page(REPO / "pages/agents.py", title="Espace agents", url_path="agents")]
if is_staff():
    pages.append(st.Page(REPO / "pages/publier.py", title="Publier une couche", url_path="publier"))
st.navigation(pages).run()
