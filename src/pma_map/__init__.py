"""Carte des atouts du Pôle Métropolitain de l'Artois."""

__version__ = "0.1.0"
