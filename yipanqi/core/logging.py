"""Log filter that blanks anything shaped like an ID number or a mobile phone (R-AU-7)."""

import logging

from yipanqi.core.pii import redact_free_text as redact


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
        if getattr(record, "request", None) is not None:
            record.request = None  # django.request's extra: its URL may hold a number in clear
        return True
