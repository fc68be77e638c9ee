"""Log filter that blanks anything shaped like an ID number or a mobile phone (R-AU-7)."""

import logging
import re

ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dXx])")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def redact(text: str) -> str:
    return MOBILE.sub("[mobile]", ID_NUMBER.sub("[id-number]", text))


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
