"""Public notices (公示) never carry full names, ID numbers or phone numbers.

`scrub()` masks ID-number and phone patterns in free text and every known name (the body's seat
holders, the topic's raiser) with `core.pii.mask_name` → 张*丰. It runs when a resolution is
published, and the public page renders only the scrubbed copies.
"""

from collections.abc import Iterable

from yipanqi.core.pii import mask_free_text, mask_name


def scrub(text: str, names: Iterable[str] = ()) -> str:
    text = mask_free_text(text)
    # Longest names first, so 欧阳明华 is masked whole before 欧阳 could be.
    for name in sorted({n.strip() for n in names if len(n.strip()) >= 2}, key=len, reverse=True):
        text = text.replace(name, mask_name(name))
    return text
