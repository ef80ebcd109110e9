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
    "indicator.definition": {"fr": "Définition de l'indicateur", "en": "What the indicator counts"},
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
    "land.figure": {"fr": "{when} : {detail}", "en": "{when}: {detail}"},
    "land.figure_bare": {"fr": "{value} ha {when}", "en": "{value} ha {when}"},
    "land.short": {"fr": "{name} : {value} ha {when}", "en": "{name}: {value} ha {when}"},
    "date.on_day": {"fr": "au {date}", "en": "as of {date}"},
    "date.in_month": {"fr": "en {date}", "en": "in {date}"},
    "date.in_year": {"fr": "en {date}", "en": "in {date}"},
    "date.undated": {"fr": "(date non publiée)", "en": "(date not published)"},
    "list.sep": {"fr": " ; ", "en": "; "},
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
    # --- Streamlit's own widget texts (ui.widget_texts): "en" is exactly Streamlit's text,
    # "fr" what French pages show instead; {n}, {size}, {rest} are the parts that vary.
    "widget.skip": {"fr": "Aller au contenu principal", "en": "Skip to main content"},
    "widget.page_not_found": {"fr": "Page introuvable", "en": "Page not found"},
    "widget.select_all": {"fr": "Tout sélectionner", "en": "Select all"},
    "widget.select_matches": {"fr": "Sélectionner les {n} résultats", "en": "Select {n} matches"},
    "widget.add_option": {"fr": "Ajouter : {rest}", "en": "Add: {rest}"},
    # screen-reader announcements of the dropdowns (aria-live)
    "widget.options_available": {"fr": "{n} options disponibles.", "en": "{n} options available."},
    "widget.option_available": {"fr": "{n} option disponible.", "en": "{n} option available."},
    "widget.results_available": {"fr": "{n} résultats disponibles", "en": "{n} results available"},
    "widget.result_available": {"fr": "{n} résultat disponible", "en": "{n} result available"},
    "widget.no_results": {"fr": "Aucun résultat", "en": "No results"},
    "widget.choose_options": {"fr": "Choisir", "en": "Choose options"},
    "widget.choose_option": {"fr": "Choisir une option", "en": "Choose an option"},
    "widget.clear_all": {"fr": "Tout effacer", "en": "Clear all"},
    "widget.clear_selection": {"fr": "Effacer la sélection", "en": "Clear selection"},
    "widget.drag_drop_one": {"fr": "Glissez-déposez un fichier ici", "en": "Drag and drop a file here"},
    "widget.drag_drop_many": {"fr": "Glissez-déposez des fichiers ici", "en": "Drag and drop files here"},
    "widget.drag_drop_old": {"fr": "Glissez-déposez un fichier ici", "en": "Drag and drop file here"},
    "widget.upload": {"fr": "Choisir un fichier", "en": "Upload"},
    "widget.browse": {"fr": "Choisir un fichier", "en": "Browse files"},
    "widget.per_file_mb": {"fr": "{n} Mo par fichier", "en": "{n}MB per file"},
    "widget.per_file_kb": {"fr": "{n} Ko par fichier", "en": "{n}KB per file"},
    "widget.per_file_gb": {"fr": "{n} Go par fichier", "en": "{n}GB per file"},
    "widget.limit_mb": {"fr": "Limite : {n} Mo par fichier{rest}", "en": "Limit {n}MB per file{rest}"},
    "widget.limit_kb": {"fr": "Limite : {n} Ko par fichier{rest}", "en": "Limit {n}KB per file{rest}"},
    "widget.limit_gb": {"fr": "Limite : {n} Go par fichier{rest}", "en": "Limit {n}GB per file{rest}"},
    "widget.press_enter_apply": {"fr": "Appuyez sur Entrée pour valider", "en": "Press Enter to apply"},
    "widget.press_enter_submit": {"fr": "Appuyez sur Entrée pour envoyer le formulaire",
                                  "en": "Press Enter to submit form"},
    "widget.press_ctrl_enter": {"fr": "Appuyez sur Ctrl+Entrée pour valider", "en": "Press Ctrl+Enter to apply"},
    "widget.search": {"fr": "Rechercher", "en": "Search"},
    "widget.download_csv": {"fr": "Télécharger en CSV", "en": "Download as CSV"},
    "widget.fullscreen": {"fr": "Plein écran", "en": "Fullscreen"},
    "widget.toggle_fullscreen": {"fr": "Plein écran", "en": "Toggle fullscreen"},
    "widget.close_fullscreen": {"fr": "Quitter le plein écran", "en": "Close fullscreen"},
    "widget.show_hide_columns": {"fr": "Afficher ou masquer des colonnes", "en": "Show/hide columns"},
    "widget.sort_asc": {"fr": "Tri croissant", "en": "Sort ascending"},
    "widget.sort_desc": {"fr": "Tri décroissant", "en": "Sort descending"},
    "widget.hide_column": {"fr": "Masquer la colonne", "en": "Hide column"},
    "widget.pin_column": {"fr": "Épingler la colonne", "en": "Pin column"},
    "widget.unpin_column": {"fr": "Désépingler la colonne", "en": "Unpin column"},
    "widget.autosize": {"fr": "Largeur automatique", "en": "Autosize"},
    "widget.show_password": {"fr": "Afficher le mot de passe", "en": "Show password text"},
    "widget.hide_password": {"fr": "Masquer le mot de passe", "en": "Hide password text"},
    "widget.running": {"fr": "Calcul en cours…", "en": "Running..."},
    "widget.stop": {"fr": "Arrêter", "en": "Stop"},
    "widget.rerun": {"fr": "Relancer", "en": "Rerun"},
    "widget.print": {"fr": "Imprimer", "en": "Print"},
    "widget.settings": {"fr": "Paramètres", "en": "Settings"},
    "widget.about": {"fr": "À propos", "en": "About"},
    "widget.get_help": {"fr": "Aide", "en": "Get help"},
    "widget.report_bug": {"fr": "Signaler un problème", "en": "Report a bug"},
    "widget.clear_cache": {"fr": "Vider le cache", "en": "Clear cache"},
    "widget.view_more": {"fr": "Voir plus", "en": "View more"},
    "widget.view_less": {"fr": "Voir moins", "en": "View less"},
    "widget.copy": {"fr": "Copier", "en": "Copy to clipboard"},
    "widget.close": {"fr": "Fermer", "en": "Close"},
}
