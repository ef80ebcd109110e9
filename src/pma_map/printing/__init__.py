"""Printed maps: the current view as a one-page vector PDF (A4 / A3 landscape)
and the commune profile sheet for mayors, in French or English.

Drawn from the geometries with ReportLab (no folium, no Streamlit); the basemap
comes from the tiles seeded on this machine when there are some
(:mod:`pma_map.tiles`), never from the network.
"""
