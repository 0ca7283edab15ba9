"""Places and geometry, offline: the gazetteer geocoder, the one place lookup, border geometry and its data."""
