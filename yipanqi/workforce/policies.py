"""The 三岗十八级 rules and the training minimum as district policies (domain-rules §5).

A pay table copies `PAY_RULES` (with any overrides the administrator gives) when it is made, so a
table keeps the rules it was approved with when the policy later changes. Sourced defaults: the
grade ranges 正职 7–18 / 副职 4–15 / 其他 1–12 and the three-year step (domain-rules §5.1), degree
credits of 3 / 5 / 7 years, qualification bonuses +1 / +2 / +3 (宁波, stacking unknown: off), an
80 % basic share and "不合格 → no performance pay and the year does not count" (本溪). Coefficients
and the yearly base are not sourced (MISSING in domain-rules): the default coefficients rise 5 %
a grade; the base is given per table. See docs/decisions/013-workforce-pay.md.
"""

from yipanqi.core import policy

PAY_RULES = policy.declare(
    "workforce.pay_rules",
    {
        "grade_ranges": {"head": [7, 18], "deputy": [4, 15], "other": [1, 12]},
        "coefficients": {str(g): round(1 + 0.05 * (g - 1), 2) for g in range(1, 19)},
        "basic_share": "0.80",
        "seniority_step_years": 3,
        "education_credit_years": {"bachelor": 3, "master": 5, "doctor": 7},
        "qualification_bonus": {"assistant": 1, "intermediate": 2, "senior": 3},
        "qualification_stacking": False,
        "appraisal_effects": {
            "excellent": {"performance": "1.20", "counts": True},
            "qualified": {"performance": "1.00", "counts": True},
            "basic": {"performance": "0.60", "counts": True},
            "unqualified": {"performance": "0", "counts": False},
            "none": {"performance": "1.00", "counts": True},
        },
    },
    "三岗十八级 rules a new pay table starts from: grade range per post, grade coefficients, "
    "basic share of pay, years per seniority step, education credit in years, qualification "
    "bonus in grades (and whether bonuses stack), appraisal effects on the performance share and "
    "on seniority ('none': a year without appraisal).",
)
TRAINING_MIN_DAYS = policy.declare(
    "workforce.training_min_days",
    7,
    "Training days every community worker needs a year; fewer are flagged.",
)
TRAINING_REMINDER_MONTHS = policy.declare(
    "workforce.training_reminder_months",
    [9, 11],
    "Months in which every worker still short of the training minimum gets a reminder notice "
    "(once each month, by the periodic job), so there is time to train before the year ends.",
)
TRAINING_HOURS_PER_DAY = policy.declare(
    "workforce.training_hours_per_day",
    8,
    "Hours (学时) counted as one training day when a course is given in hours; its days are the "
    "hours over this, to the nearest half day (at least half a day). Not sourced: chosen per "
    "district.",
)
REVIEW_AFTER_UNQUALIFIED = policy.declare(
    "workforce.review_after_unqualified",
    2,
    "Consecutive 不合格 appraisals after which a worker is flagged for review.",
)
