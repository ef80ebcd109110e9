"""Strings of the staff journey (publishing page, sign-in, page errors), French and English."""

STRINGS: dict[str, dict[str, str]] = {
    # --- any page: an error caught by ui.errors.guard (the details go to the server log)
    "staff.error.page": {
        "fr": "Cette partie de la page n'a pas pu s'afficher. Rechargez la page ; si le problème revient, "
              "signalez-le à l'équipe SIG du Pôle métropolitain en donnant la référence {ref}.",
        "en": "This part of the page could not be shown. Reload the page; if the problem comes back, "
              "report it to the PMA's GIS team with the reference {ref}."},
    # --- sign-in: a reload ends the staff session, and the page says so
    "staff.session_scope": {
        "fr": "La connexion dure tant que cet onglet reste ouvert : recharger ou fermer la page vous "
              "déconnecte (par sécurité). Passez d'une page à l'autre par le menu.",
        "en": "You stay signed in while this tab stays open: reloading or closing the page signs you "
              "out (for security). Move between pages with the menu."},
    "staff.signed_out_reload": {
        "fr": "Vous avez été déconnecté(e) : la page a été rechargée ou rouverte, ce qui termine la "
              "session des agents. Reconnectez-vous ci-dessous.",
        "en": "You have been signed out: the page was reloaded or reopened, which ends the staff "
              "session. Sign in again below."},
    "staff.signed_out_publish": {
        "fr": "Vous n'êtes pas (ou plus) connecté(e) : recharger ou rouvrir la page termine la session "
              "des agents. Reconnectez-vous dans l'Espace agents, puis revenez sur « Publier une couche ».",
        "en": "You are not (or no longer) signed in: reloading or reopening the page ends the staff "
              "session. Sign in again in the Staff area, then come back to “Publish a layer”."},
    "staff.locked": {
        "fr": "Trop d'essais : compte bloqué jusqu'à {time} (heure de Paris). Réessayez plus tard ou "
              "demandez à l'administrateur.",
        "en": "Too many attempts: account locked until {time} (Paris time). Try later or ask the "
              "administrator."},
    # --- report messages that name the command line's --crs option: the page's own wording
    "staff.val.no_crs": {
        "fr": "Le fichier n'indique pas son système de coordonnées. Exportez-le avec sa projection "
              "(fichier .prj), ou ouvrez « Options de lecture » ci-dessus et écrivez-le dans « Système de "
              "coordonnées » : EPSG:2154 pour du Lambert-93, EPSG:4326 pour des coordonnées GPS.",
        "en": "The file does not say its coordinate system. Export it with its projection (.prj file), "
              "or open “Reading options” above and type it in “Coordinate system”: EPSG:2154 for "
              "Lambert-93, EPSG:4326 for GPS coordinates."},
    "staff.val.no_crs_lambert93": {
        "fr": "Le fichier n'indique pas son système de coordonnées ; les coordonnées ressemblent à du "
              "Lambert-93. Si c'est bien le cas, ouvrez « Options de lecture » ci-dessus et écrivez "
              "EPSG:2154 dans « Système de coordonnées ».",
        "en": "The file does not say its coordinate system; the coordinates look like Lambert-93. If "
              "that is right, open “Reading options” above and type EPSG:2154 in “Coordinate system”."},
    "staff.val.all_outside": {
        "fr": "Toutes les entités ({n}) sont hors du territoire du PMA. Latitude et longitude sont "
              "peut-être inversées, ou le système de coordonnées est faux : vérifiez-le dans « Options "
              "de lecture » ci-dessus (EPSG:2154 pour du Lambert-93, EPSG:4326 pour du GPS).",
        "en": "All features ({n}) are outside the PMA territory. Latitude and longitude may be swapped, "
              "or the coordinate system is wrong: check it in “Reading options” above (EPSG:2154 for "
              "Lambert-93, EPSG:4326 for GPS)."},
    # --- diff: old -> new values
    "staff.values": {"fr": "Valeurs modifiées (avant → après)", "en": "Changed values (before → after)"},
    "staff.col.name": {"fr": "Nom", "en": "Name"},
    "staff.col.field": {"fr": "Champ", "en": "Field"},
    "staff.col.old": {"fr": "Avant", "en": "Before"},
    "staff.col.new": {"fr": "Après", "en": "After"},
    "staff.geometry": {"fr": "Géométrie", "en": "Geometry"},
    "staff.geometry_changed": {"fr": "forme ou position modifiée (voir les deux cartes)",
                               "en": "shape or position changed (see both maps)"},
    "staff.empty": {"fr": "(vide)", "en": "(empty)"},
    "staff.identical": {
        "fr": "Ce fichier est identique à la version actuelle (v{version}) de « {layer} » : rien à publier. "
              "Déposez le fichier avec vos modifications.",
        "en": "This file is identical to the current version (v{version}) of “{layer}”: nothing to "
              "publish. Drop the file with your changes."},
    "staff.already_published": {
        "fr": "Ce fichier est publié : c'est la version {version} de « {layer} », que la carte montre. "
              "Pour publier d'autres changements, déposez un nouveau fichier.",
        "en": "This file is published: it is version {version} of “{layer}”, shown on the map. To "
              "publish other changes, drop a new file."},
    "staff.published_then_rolled_back": {
        "fr": "Ce fichier a été publié comme version {version} de « {layer} » ; depuis, un retour en arrière "
              "a remis la version {current} sur la carte. Pour remontrer ce fichier, choisissez la version "
              "{version} dans l'historique ci-dessous plutôt que de la publier en double.",
        "en": "This file was published as version {version} of “{layer}”; since then a roll-back put "
              "version {current} back on the map. To show this file again, choose version {version} in the "
              "history below rather than publishing a duplicate."},
    # --- publish and rollback errors, said in the page's language (nothing published changes)
    "staff.publish.stale": {
        "fr": "La version {current} de « {layer} » a été publiée par {by} pendant votre relecture (vous "
              "compariez avec la version {expected}). Rien n'a été publié : l'aperçu est recalculé, "
              "relisez-le puis publiez.",
        "en": "Version {current} of “{layer}” was published by {by} during your review (you were "
              "comparing with version {expected}). Nothing was published: the preview is rebuilt, "
              "review it then publish."},
    "staff.lock_busy": {
        "fr": "Une autre publication de « {layer} » est en cours : rien n'a changé. Réessayez dans une "
              "minute.",
        "en": "Another publication of “{layer}” is in progress: nothing changed. Try again in a "
              "minute."},
    "staff.publish.failed": {
        "fr": "La publication n'a pas pu se faire (référence {ref}) : la carte montre toujours la version "
              "précédente. Réessayez ; si le problème revient, prévenez l'équipe SIG.",
        "en": "The publication failed (reference {ref}): the map still shows the previous version. Try "
              "again; if the problem comes back, tell the GIS team."},
    "staff.rollback.ask": {
        "fr": "La version {version} de « {layer} » ({when}) deviendra la version affichée sur la carte "
              "publique, à la place de la version {current}. Confirmez-vous ?",
        "en": "Version {version} of “{layer}” ({when}) will become the version shown on the public map, "
              "instead of version {current}. Do you confirm?"},
    "staff.rollback.yes": {"fr": "Oui, afficher la version {version}", "en": "Yes, show version {version}"},
    "staff.rollback.cancel": {"fr": "Annuler", "en": "Cancel"},
    "staff.rollback.checksum": {
        "fr": "Retour refusé : le fichier de la version {version} a été modifié depuis sa publication "
              "(somme de contrôle différente). La carte publique n'a pas changé ; choisissez une autre "
              "version ou prévenez l'équipe SIG.",
        "en": "Roll-back refused: the file of version {version} was changed after it was published "
              "(checksum differs). The public map did not change; choose another version or tell the "
              "GIS team."},
    "staff.rollback.failed": {
        "fr": "Le retour à la version {version} n'a pas pu se faire (référence {ref}) : la carte publique "
              "n'a pas changé. Réessayez ; si le problème revient, prévenez l'équipe SIG.",
        "en": "Rolling back to version {version} failed (reference {ref}): the public map did not "
              "change. Try again; if the problem comes back, tell the GIS team."},
    # --- history
    "staff.col.time": {"fr": "Date (heure de Paris)", "en": "Date (Paris time)"},
    "staff.version_of": {"fr": "publiée le {when}", "en": "published on {when}"},
    "staff.bundled_when": {"fr": "données livrées avec l'application",
                           "en": "data shipped with the app"},
}
