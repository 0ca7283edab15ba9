"""View state: the filters, the display modes, the selection and their URL form. Pure; no Dash, no figures."""
