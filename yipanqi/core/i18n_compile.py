"""Compile the .po catalogues to .mo with Babel, so no system gettext is needed to run yipanqi."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

PACKAGE = Path(__file__).resolve().parent.parent


def catalogues() -> list[Path]:
    """The shared catalogue (yipanqi/locale) and each app's own (yipanqi/<app>/locale)."""
    return sorted(PACKAGE.glob("**/locale/*/LC_MESSAGES/*.po"))


def main() -> None:
    for po_path in catalogues():
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with po_path.with_suffix(".mo").open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)


if __name__ == "__main__":
    main()
