from yipanqi.core import policy

ANSWER_DAYS = policy.declare(
    "privacy.answer_days",
    15,
    "Days within which a request about one's personal information (copy, correction, deletion) "
    "must be answered (PIPL art. 50: promptly; the district sets the limit).",
)


def answer_days(district_code: str) -> int:
    return int(ANSWER_DAYS.value(district_code))
