"""Strings of the public journeys: public address of links, search results, sharing, kiosk."""

STRINGS: dict[str, dict[str, str]] = {
    # --- public address of links and QR codes
    "links.local_warning": {
        "fr": "Les liens et QR codes pointent vers {url}, une adresse locale : le téléphone d'un "
              "visiteur ne pourra pas l'ouvrir. Ouvrez l'application par son adresse publique, ou "
              "définissez la variable PMA_MAP_BASE_URL sur le serveur (par exemple "
              "https://carte.pole-metropolitain-artois.fr).",
        "en": "Links and QR codes point to {url}, a local address: a visitor's phone will not be able "
              "to open it. Open the app through its public address, or set the PMA_MAP_BASE_URL "
              "variable on the server (for example https://carte.pole-metropolitain-artois.fr).",
    },
    "links.qr_address": {"fr": "Les QR codes des PDF ouvrent : {url}",
                         "en": "The QR codes of the PDFs open: {url}"},
    # --- search results
    "search.outside_filters": {
        "fr": "« {name} » n'est pas dans la sélection actuelle (filtres : {filters}) : la carte ne le "
              "montre pas.",
        "en": "“{name}” is not in the current selection (filters: {filters}): the map does not show it.",
    },
    "search.clear_filters": {"fr": "Effacer les filtres et montrer « {name} »",
                             "en": "Clear the filters and show “{name}”"},
    "search.layer_hidden": {"fr": "couche « {layer} » masquée", "en": "layer “{layer}” hidden"},
    "search.other_filters": {"fr": "autres filtres", "en": "other filters"},
    "search.highlight_layer": {"fr": "Lieu recherché", "en": "Place searched"},
    "search.open_commune": {"fr": "Ouvrir la fiche commune de {name}",
                            "en": "Open the municipality profile of {name}"},
    # --- kiosk
    "kiosk.height_screen": {"fr": "Hauteur de l'écran", "en": "Screen height"},
    # --- share
    "share.copy": {"fr": "Copier le lien", "en": "Copy link"},
    "share.help": {"fr": "Le lien rouvre cette vue : filtres, couleurs et lieu recherché.",
                   "en": "The link reopens this view: filters, colours and place searched."},
    "share.label": {"fr": "Lien de cette vue", "en": "Link to this view"},
}
