"""Chinese text helpers: pinyin initials for search (奉化 → fh)."""

from pypinyin import Style, lazy_pinyin


def initials(text: str) -> str:
    letters = lazy_pinyin(text or "", style=Style.FIRST_LETTER, errors="ignore")
    return "".join(letters).lower()[:64]
