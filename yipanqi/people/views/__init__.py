"""Thin HTML views of the people registry, one module per area of work (see urls.py)."""
