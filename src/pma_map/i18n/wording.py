"""Strings of issue 9's wording work: units of published figures, dated land figures,
CSV downloads and Streamlit's own widget texts, in French and English."""

STRINGS: dict[str, dict[str, str]] = {
    # --- "Label : value" (French puts a space before the colon, English does not)
    "label.value": {"fr": "{label} : {value}", "en": "{label}: {value}"},
    # --- published figures beside the indicators
    "indicator.published_unit": {"fr": "Publié : {value} {unit} ({sources})",
                                 "en": "Published: {value} {unit} ({sources})"},
    "indicator.source_date": {"fr": "{source}, {date}", "en": "{source}, {date}"},
    "indicator.missing_values": {"fr": "{n} sur {total} sans chiffre publié",
                                 "en": "{n} of {total} with no published figure"},
    "indicator.nothing_selected": {"fr": "aucune entité dans la sélection",
                                   "en": "no feature in the selection"},
    "indicator.layers_note": {
        "fr": "Les indicateurs portent sur les communes et les filtres choisis, que les couches soient "
              "affichées sur la carte ou non.",
        "en": "The indicators cover the municipalities and filters chosen, whether or not the layers "
              "are shown on the map."},
    "indicator.land_reference": {
        "fr": "Total du PMA : {value} ha présentés au SIMI 2022 ({source}, {date}), à ne pas comparer "
              "aux chiffres datés par zone.",
        "en": "PMA total: {value} ha shown at SIMI 2022 ({source}, {date}), not to be compared with the "
              "dated figures per park."},
    # --- a dated figure of land for sale
    "land.figure": {"fr": "{value} ha {when} : {detail} ({source})",
                    "en": "{value} ha {when}: {detail} ({source})"},
    "land.short": {"fr": "{name} : {value} ha {when}", "en": "{name}: {value} ha {when}"},
    "date.on_day": {"fr": "au {date}", "en": "as of {date}"},
    "date.in_month": {"fr": "en {date}", "en": "in {date}"},
    "date.in_year": {"fr": "en {date}", "en": "in {date}"},
    # --- site finder
    "finder.reason.available_dated": {
        "fr": "{value} ha en vente ou en aménagement {when} (minimum demandé : {min} ha)",
        "en": "{value} ha on sale or being developed {when} (minimum asked: {min} ha)"},
    "invest.unpublished_count": {
        "fr": "{n} zone(s) sur {total} n'ont pas de chiffre publié de foncier disponible.",
        "en": "{n} of {total} business park(s) have no published figure of available land."},
    "invest.include_them": {"fr": "Les inclure dans les résultats", "en": "Include them in the results"},
    # --- CSV downloads
    "table.download_csv_fr": {"fr": "Télécharger le tableau (CSV pour Excel)",
                              "en": "CSV for Excel in French (“;”, decimal commas)"},
    "table.download_csv_intl": {"fr": "CSV international (virgules, points décimaux)",
                                "en": "Download the table (CSV)"},
    "table.download_csv_fr_help": {
        "fr": "Séparateur « ; », virgule décimale, UTF-8 avec BOM : Excel en français lit les nombres "
              "comme des nombres.",
        "en": "“;” separator, decimal comma, UTF-8 with BOM: for Excel set to French."},
    "table.download_csv_intl_help": {
        "fr": "Séparateur « , » et point décimal, pour les tableurs en anglais et les scripts.",
        "en": "“,” separator and decimal point."},
    # --- Streamlit's own widget texts (ui.widget_texts)
    "widget.no_results": {"fr": "Aucun résultat", "en": "No results"},
    "widget.choose": {"fr": "Choisir", "en": "Choose options"},
    "widget.choose_one": {"fr": "Choisir une option", "en": "Choose an option"},
    "widget.select_all": {"fr": "Tout sélectionner", "en": "Select all"},
    "widget.select_matches": {"fr": "Sélectionner les {n} résultats", "en": "Select {n} matches"},
    "widget.clear_all": {"fr": "Tout effacer", "en": "Clear all"},
    "widget.remove": {"fr": "Retirer", "en": "Remove"},
    "widget.press_enter": {"fr": "Appuyez sur Entrée pour valider", "en": "Press Enter to apply"},
    "widget.press_enter_form": {"fr": "Appuyez sur Entrée pour envoyer le formulaire",
                                "en": "Press Enter to submit form"},
    "widget.drag_drop": {"fr": "Glissez-déposez un fichier ici", "en": "Drag and drop file here"},
    "widget.limit": {"fr": "Limite : {size} par fichier", "en": "Limit {size} per file"},
    "widget.browse": {"fr": "Parcourir", "en": "Browse files"},
    "widget.upload": {"fr": "Téléverser", "en": "Upload"},
    "widget.search": {"fr": "Rechercher", "en": "Search"},
    "widget.download_csv": {"fr": "Télécharger en CSV", "en": "Download as CSV"},
    "widget.fullscreen": {"fr": "Plein écran", "en": "Fullscreen"},
    "widget.close_fullscreen": {"fr": "Quitter le plein écran", "en": "Close fullscreen"},
    "widget.show_password": {"fr": "Afficher le mot de passe", "en": "Show password text"},
    "widget.hide_password": {"fr": "Masquer le mot de passe", "en": "Hide password text"},
    "widget.increment": {"fr": "Augmenter", "en": "Increment value"},
    "widget.decrement": {"fr": "Diminuer", "en": "Decrement value"},
    "widget.running": {"fr": "Calcul en cours…", "en": "Running..."},
    "widget.open_menu": {"fr": "Menu", "en": "Main menu"},
    "widget.view_more": {"fr": "Voir plus", "en": "View more"},
    "widget.view_less": {"fr": "Voir moins", "en": "View less"},
}
