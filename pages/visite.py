"""Guided tour for the SIMI stand: a launcher, or with ``?mode=kiosk`` the full-screen tour."""

from pma_map.ui import kiosk, state

lang = state.current_lang()

if kiosk.active():
    kiosk.tour_page(state.data(), lang)
else:
    kiosk.launcher(lang)
