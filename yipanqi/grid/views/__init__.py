"""Grid pages: sweeps (list, create, detail, assignments), the phone visit list and form, coverage,
incident reports."""
