"""The socialorgs pages: registry and matching (registry.py), 公益创投 (venture.py)."""
