"""Construction des couches livrées dans data/geo (communes et atouts)."""
