"""Chinese text helpers: pinyin initials for search (奉化 → fh), and the check that a name shows
every character it holds (no text-direction overrides, no zero-width characters)."""

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin

from yipanqi.core.errors import Invalid

# Format (Cf) and control (Cc) characters are invisible or reorder what is shown: the bidi
# embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the marks U+200E, U+200F and
# U+061C, zero-width space and joiners (U+200B–U+200D), word joiner U+2060, BOM U+FEFF, soft
# hyphen, tabs and line breaks. Line and paragraph separators and lone surrogates have no place
# in a name either. Private-use and not yet assigned code points are allowed: rare characters of
# Chinese names (生僻字) are still kept there by some systems.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
# Letters that draw nothing: the Hangul fillers, the combining grapheme joiner, braille blank.
HIDDEN_CHARACTERS = frozenset("\u034f\u115f\u1160\u2800\u3164\uffa0")

INVISIBLE_MESSAGE = _(
    "Remove the invisible or text-direction characters from this text (found: %(chars)s)."
)


def initials(text: str) -> str:
    letters = lazy_pinyin(text or "", style=Style.FIRST_LETTER, errors="ignore")
    return "".join(letters).lower()[:64]


def hidden_characters(text: str) -> list[str]:
    """The invisible or text-direction characters in `text`, each once, in order."""
    found = (
        c
        for c in text or ""
        if c in HIDDEN_CHARACTERS or unicodedata.category(c) in HIDDEN_CATEGORIES
    )
    return list(dict.fromkeys(found))


def code_points(chars: list[str]) -> str:
    return ", ".join(f"U+{ord(c):04X}" for c in chars)


def validate_visible_text(value: str) -> None:
    """Field validator (forms, serializers, model fields): every character of a name is seen."""
    hidden = hidden_characters(value)
    if hidden:
        raise ValidationError(
            INVISIBLE_MESSAGE, code="invisible_characters", params={"chars": code_points(hidden)}
        )


def require_visible(value: str, *, field: str) -> str:
    """The same check for actions: a domain error naming the field (API code
    `invisible_characters`); returns the value for chaining."""
    hidden = hidden_characters(value)
    if hidden:
        message = INVISIBLE_MESSAGE % {"chars": code_points(hidden)}
        raise Invalid(message, code="invisible_characters", fields={field: [message]})
    return value


def checked_text(value: Any, field: str, limit: int, *, required: bool = True) -> str:
    """Free text for an action: trimmed, at most `limit` characters, no hidden characters; a
    domain error naming `field` (`{field}_required`, `too_long`, `invisible_characters`)."""
    value = value.strip() if isinstance(value, str) else ""
    if required and not value:
        message = str(_("This field is required."))
        raise Invalid(message, code=f"{field}_required", fields={field: [message]})
    if len(value) > limit:
        message = str(_("At most %(n)d characters.")) % {"n": limit}
        raise Invalid(message, code="too_long", fields={field: [message]})
    return require_visible(value, field=field) if value else value
