"""The naive baseline as a Streamlit page, for the browser measurements of run.py.

Started by ``benchmarks/run.py`` (not part of the app): map rebuilt and sent
whole on every rerun, ``st_folium`` defaults. See ``naive.py``.
"""

import sys
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parent))
from naive import naive_map, read_layers  # noqa: E402

from pma_map.catalogue import EPCI_CODES  # noqa: E402
from pma_map.config import geo_dir  # noqa: E402
from pma_map.filters import Filters  # noqa: E402

st.set_page_config(page_title="Baseline", layout="wide")
data = read_layers(geo_dir())
epci = st.multiselect("Agglomération", EPCI_CODES, key="f_epci")
st_folium(naive_map(data, Filters(epci=tuple(epci))), height=620, use_container_width=True)
