from yipanqi.core.errors import Invalid


def refuse(message: str, code: str, field: str | None = None) -> Invalid:
    """A refusal with a stable code, standing on the form field it names."""
    return Invalid(message, code=code, fields={field: [message]} if field else None)


def clean(text: str, limit: int) -> str:
    return (text or "").strip()[:limit]
