"""Log filter that blanks anything shaped like an ID number or a mobile phone (R-AU-7)."""

import logging
import re

ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dXx])")
# 13812345678, 138 1234 5678, 138-1234-5678, +86 138…, 0086-138…, 86138…
MOBILE = re.compile(r"(?<!\d)(?:(?:\+|00)?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d)")


def redact(text: str) -> str:
    return MOBILE.sub("[mobile]", ID_NUMBER.sub("[id-number]", text))


class RedactPersonalData(logging.Filter):
    """Redacts the message, and the traceback and stack text the formatter would append."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # malformed args: leave them for the handler's own error reporting
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
