"""Managers' counter editing under /kelola/gerai (filled in by the admin split)."""
