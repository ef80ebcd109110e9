"""The map wing: folium map building, popups, packed layers, clustering, offline assets, view maths."""
