"""Basemap tiles kept on this machine: which tiles cover the territory, seeding
them from the IGN Géoplateforme WMTS, and where the app finds them.

- :mod:`pma_map.tiles.grid`: Web Mercator tile maths (pure).
- :mod:`pma_map.tiles.seed`: the plan and the polite, resumable download.
- :mod:`pma_map.tiles.local`: what is seeded, its address for the browser,
  and the tiles read back for the PDFs.
"""
