"""A link drawn as a QR code: inline SVG made on the server by segno (no image service, nothing
leaves the server). For sign-in codes and the like; the URL is the caller's own."""

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str, *, title: str, scale: int = 4) -> SafeString:
    svg = segno.make(url, error="m").svg_inline(scale=scale, title=title)
    return mark_safe(svg)  # nosec B308 B703: segno's own markup of the caller's own URL
