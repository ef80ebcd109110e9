"""The staff pages behind a router, for the e2e publishing test.

Staged outside the repository by the e2e fixture, so the pages are given by
absolute path; the store folder comes from PMA_MAP_E2E_STAFF_DATA so that the
test never publishes into the data of the other e2e tests.
"""

import os
from pathlib import Path

import pma_map

os.environ["PMA_MAP_DATA_DIR"] = os.environ["PMA_MAP_E2E_STAFF_DATA"]

import streamlit as st  # noqa: E402

from pma_map.ui import widget_texts  # noqa: E402
from pma_map.ui.auth import is_staff  # noqa: E402

REPO = Path(pma_map.__file__).resolve().parents[2]

st.set_page_config(layout="wide")
pages = [st.Page(REPO / "pages/agents.py", title="Espace agents", url_path="agents", default=True)]
if is_staff():
    pages.append(st.Page(REPO / "pages/publier.py", title="Publier une couche", url_path="publier"))
page = st.navigation(pages)
widget_texts.install("fr")  # as app.py does for every page
page.run()
