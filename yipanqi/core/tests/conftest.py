import pytest


@pytest.fixture(scope="session")
def compiled_messages():
    """The .mo catalogues are build output (make messages); compile them here if stale."""
    from django.utils.translation import trans_real

    from yipanqi.core import i18n_compile

    catalogues = i18n_compile.catalogues()
    stale = [
        po
        for po in catalogues
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        i18n_compile.main()
        # Django caches catalogues per process; forget them so the fresh files are read.
        trans_real._translations = {}
        trans_real._default = None
