"""Public notices (公示) never carry full names, ID numbers or phone numbers.

`scrub()` masks ID-number and phone patterns in free text and every known name (the body's seat
holders, the topic's raiser) with `core.pii.mask_name` → 张*丰. It runs when a resolution is
published, and the public page renders only the scrubbed copies.
"""

import re
from collections.abc import Iterable

from yipanqi.core.pii import mask_id_number, mask_name, mask_phone

# 18-digit (last may be X) or legacy 15-digit resident ID numbers, not part of a longer number.
ID_NUMBER = re.compile(r"(?<![0-9])(?:[1-9][0-9]{16}[0-9Xx]|[1-9][0-9]{14})(?![0-9Xx])")
# Mainland mobiles, with optional +86 and separators, and landlines such as 0574-88881234.
MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])")
LANDLINE = re.compile(r"(?<![0-9])0[1-9][0-9]{1,2}[- ]?[0-9]{7,8}(?![0-9])")


def _digits(text: str) -> str:
    return re.sub(r"[^0-9Xx]", "", text)


def scrub(text: str, names: Iterable[str] = ()) -> str:
    text = ID_NUMBER.sub(lambda m: mask_id_number(m.group(0)), text)
    text = MOBILE.sub(lambda m: mask_phone(_digits(m.group(0))[-11:]), text)
    text = LANDLINE.sub(lambda m: mask_phone(_digits(m.group(0))), text)
    # Longest names first, so 欧阳明华 is masked whole before 欧阳 could be.
    for name in sorted({n.strip() for n in names if len(n.strip()) >= 2}, key=len, reverse=True):
        text = text.replace(name, mask_name(name))
    return text
