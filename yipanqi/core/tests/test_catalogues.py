"""The app catalogues share one gettext domain with the project's: a message in two catalogues is
translated by whichever Django merges last, silently. Each message lives in one catalogue, and an
app that needs a different word for a shared one says so with a context (pgettext)."""

from collections import defaultdict

from babel.messages.pofile import read_po

from yipanqi.core import i18n_compile


def _keys(po_path) -> set[tuple[str | None, str]]:
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}


def test_each_message_is_in_one_catalogue_per_language():
    where = defaultdict(list)
    for po_path in i18n_compile.catalogues():
        language = po_path.parent.parent.name
        for key in _keys(po_path):
            where[language, key].append(str(po_path))
    clashes = {key: paths for key, paths in where.items() if len(paths) > 1}
    assert clashes == {}


def test_the_app_catalogues_are_found():
    paths = {p.parts[-5] for p in i18n_compile.catalogues()}  # yipanqi/<app>/locale/<lang>/...
    assert {"yipanqi", "grid", "deliberation"} <= paths
