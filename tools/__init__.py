"""Maintainer scripts: not needed at run time or by curators."""
