"""A Leaflet tile layer that reads the seeded copies first, the tile server after.

Inside the seeded zoom range each tile is asked of the app
(``/app/static/tiles/...``); a tile missing there (outside the communes, or
not seeded yet) falls back, per tile, to the remote server. Outside the range
the remote server is asked directly. ``errorTileUrl`` cannot do this (it
swaps in one fixed image); a small subclass of ``L.TileLayer`` does, by
retrying an errored image once with the remote address before Leaflet counts
the error.
"""

from __future__ import annotations

import folium
import xyzservices
from folium.template import Template

#: Defined once per page, whatever the number of layers using it.
_JS = """
if (!L.TileLayer.PmaSeeded) {
  L.TileLayer.PmaSeeded = L.TileLayer.extend({
    _pmaRemote: function (coords) {
      return L.Util.template(this.options.remoteUrl, L.extend({}, this.options,
        {x: coords.x, y: coords.y, z: coords.z, s: this._getSubdomain(coords), r: ''}));
    },
    getTileUrl: function (coords) {
      var z = this._getZoomForUrl();
      if (z < this.options.seededMinZoom || z > this.options.seededMaxZoom) {
        return this._pmaRemote(L.extend({}, coords, {z: z}));
      }
      return L.TileLayer.prototype.getTileUrl.call(this, coords);
    },
    createTile: function (coords, done) {
      var tile = L.TileLayer.prototype.createTile.call(this, coords, done);
      tile._pmaCoords = L.extend({}, coords, {z: this._getZoomForUrl()});
      return tile;
    },
    _tileOnError: function (done, tile, e) {
      var remote = this._pmaRemote(tile._pmaCoords);
      if (tile.getAttribute('src') !== remote) {
        tile.src = remote;  // the same image element: its load / error handlers answer next
        return;
      }
      L.TileLayer.prototype._tileOnError.call(this, done, tile, e);
    }
  });
}
"""


class SeededTileLayer(folium.TileLayer):
    """``folium.TileLayer`` over the local copies ``local_url``, falling back to ``remote_url``."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            """ + _JS + """
            var {{ this.get_name() }} = new L.TileLayer.PmaSeeded(
                {{ this.tiles|tojson }},
                {{ this.options|tojavascript }}
            );
        {% endmacro %}
        """
    )

    def __init__(self, local_url: str, remote_url: str, seeded_min: int, seeded_max: int, **kwargs):
        # A TileProvider, not the bare URL (folium would search xyzservices' names first).
        provider = xyzservices.TileProvider(name=kwargs.get("name") or "seeded", url=local_url,
                                            attribution=kwargs.get("attr") or "")
        super().__init__(tiles=provider, **kwargs)
        self.options["remote_url"] = remote_url
        self.options["seeded_min_zoom"] = int(seeded_min)
        self.options["seeded_max_zoom"] = int(seeded_max)
