"""公益创投, first half: the funder's call (征集), applications with budget lines and partners
(申报), screening (初筛) and the end of the call."""

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.text import checked_text as text
from yipanqi.core.workflow import Actor, created, lock, require_permission, user_of
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.socialorgs import permissions as perms
from yipanqi.socialorgs import policies
from yipanqi.socialorgs.actions._common import (
    APPLICATION_FLOW,
    ROUND_FLOW,
    fen,
    positive,
    record_event,
)
from yipanqi.socialorgs.choices import (
    RATINGS,
    AppEventKind,
    AppStatus,
    LegalForm,
    RoundStatus,
    Theme,
)
from yipanqi.socialorgs.models import (
    Application,
    BudgetLine,
    Criterion,
    SocialOrganisation,
    VentureRound,
)

# Haishu's criteria (domain-rules §6: 公益性、融合性、专业性、经济性), 25 points each by default.
DEFAULT_CRITERIA = (("公益性", 25), ("融合性", 25), ("专业性", 25), ("经济性", 25))


def _bad(field: str, message: str, code: str) -> Invalid:
    return Invalid(message, code=code, fields={field: [message]})


@transaction.atomic
def round_open(
    *,
    district: Area,
    title: str,
    year: int,
    funder: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    themes: Sequence[str],
    actor: Actor,
    cap_fen: int | None = None,
    total_fen: int | None = None,
    allowed_forms: Sequence[str] = (),
    min_rating: str = "",
    rules: str = "",
    criteria: Sequence[tuple[str, int]] = DEFAULT_CRITERIA,
    objection_days: int | None = None,
    midterm_due: datetime.date | None = None,
    first_share: int | None = None,
    pass_mark: int | None = None,
) -> VentureRound:
    """发布创投公告: the call with its window, caps, themes, eligibility and review criteria. What
    the call leaves out (None) is the district's policy (socialorgs.policies)."""
    require_permission(actor, perms.covers, perms.DISTRICT, district.path)
    if district.kind != AreaKind.DISTRICT:
        raise _bad("district", _("A venture round is run by a district."), "bad_area")
    policy = policies.round_defaults(district.district_code)
    cap_fen = policy["cap_yuan"] * 100 if cap_fen is None else cap_fen
    total_fen = policy["total_yuan"] * 100 if total_fen is None else total_fen
    objection_days = policy["objection_days"] if objection_days is None else objection_days
    first_share = policy["first_share"] if first_share is None else first_share
    pass_mark = policy["pass_mark"] if pass_mark is None else pass_mark
    if closes_on < opens_on:
        raise _bad("closes_on", _("The call must close after it opens."), "bad_window")
    cap, total = (
        fen(cap_fen, "cap_fen", allow_zero=False),
        fen(total_fen, "total_fen", allow_zero=False),
    )
    if cap > total:
        raise _bad("cap_fen", _("The cap per project exceeds the total budget."), "cap_over_total")
    if not themes or any(t not in Theme.values for t in themes):
        raise _bad("themes", _("Choose the round's themes."), "bad_themes")
    if any(f not in LegalForm.values for f in allowed_forms):
        raise _bad("allowed_forms", _("Choose who may apply."), "bad_forms")
    if min_rating and min_rating not in RATINGS:
        raise _bad("min_rating", _("Choose a rating from 1A to 5A."), "bad_rating")
    if not 0 <= objection_days <= 60 or not 0 < first_share <= 100 or not 0 <= pass_mark <= 100:
        raise Invalid(_("Notice days, tranche share or pass mark out of range."), code="bad_number")
    if midterm_due is not None and midterm_due <= closes_on:
        message = _("The mid-term report is due after the call closes.")
        raise _bad("midterm_due", message, "bad_midterm_due")
    round_ = VentureRound(
        title=text(title, "title", 100),
        year=year,
        funder=text(funder, "funder", 100),
        opens_on=opens_on,
        closes_on=closes_on,
        cap_fen=cap,
        total_fen=total,
        themes=list(themes),
        allowed_forms=list(allowed_forms),
        min_rating=min_rating,
        rules=text(rules, "rules", 1000, required=False),
        objection_days=objection_days,
        midterm_due=midterm_due,
        first_share=first_share,
        pass_mark=pass_mark,
    )
    round_.place_in(district)
    round_.save()
    Criterion.objects.bulk_create(
        Criterion(round=round_, name=name, max_score=positive(top, "criteria", 100), position=i)
        for i, (name, top) in enumerate(criteria)
    )
    audit.record(
        actor=actor,
        action="socialorgs.round.opened",
        target=round_,
        changes=created(
            round_,
            "title",
            "year",
            "funder",
            "opens_on",
            "closes_on",
            "cap_fen",
            "total_fen",
            "themes",
            "status",
        ),  # fmt: skip
        data={"criteria": [name for name, _top in criteria]},
    )
    return round_


def _lines(lines: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    if not lines:
        raise _bad("lines", _("Add at least one budget line."), "budget_required")
    return [
        (text(item, "lines", 100), fen(amount, "lines", allow_zero=False)) for item, amount in lines
    ]


@transaction.atomic
def application_submit(
    *,
    round_: VentureRound,
    organisation: SocialOrganisation,
    title: str,
    theme: str,
    lines: Sequence[tuple[str, int]],
    actor: Actor,
    summary: str = "",
    partners: Sequence[SocialOrganisation] = (),
) -> Application:
    """申报: within the call's window, a theme of the round, the budget within the cap."""
    round_ = lock(round_)
    require_permission(actor, perms.can_apply, organisation)
    today = timezone.localdate()
    if round_.status != RoundStatus.OPEN or not round_.opens_on <= today <= round_.closes_on:
        raise Conflict(_("The call is not open for applications."), code="outside_window")
    if theme not in round_.themes:
        raise _bad("theme", _("Choose one of the round's themes."), "bad_theme")
    cleaned = _lines(lines)
    budget = sum(amount for _item, amount in cleaned)
    if budget > round_.cap_fen:
        message = _("The budget of %(b)s yuan is over the cap of %(c)s yuan per project.") % {
            "b": f"{budget / 100:,.2f}".replace(".00", ""),
            "c": f"{round_.cap_fen / 100:,.2f}".replace(".00", ""),
        }
        raise _bad("lines", message, "over_cap")
    others = [p for p in partners if p.pk != organisation.pk]
    title = text(title, "title", 100)
    if Application.objects.filter(round=round_, organisation=organisation, title=title).exists():
        raise Conflict(_("This project has already been submitted."), code="duplicate_application")
    app = Application(
        round=round_,
        organisation=organisation,
        title=title,
        theme=theme,
        summary=text(summary, "summary", 1000, required=False),
        budget_fen=budget,
        submitted_by=user_of(actor),
    )
    app.place_in(organisation.area)
    app.save()
    BudgetLine.objects.bulk_create(
        BudgetLine(application=app, item=item, amount_fen=amount) for item, amount in cleaned
    )
    app.partners.set(others)
    record_event(app, actor=actor, new=app.status, kind=AppEventKind.SUBMITTED)
    audit.record(
        actor=actor,
        action="socialorgs.application.submitted",
        target=app,
        changes=created(app, "round", "organisation", "title", "theme", "budget_fen", "status"),
        data={"lines": len(cleaned), "partners": [p.pk for p in others]},
    )
    return app


def eligibility_problems(app: Application) -> list[str]:
    """What the call's rules say against the applicant (the screener sees these)."""
    round_, org = app.round, app.organisation
    problems = []
    if round_.allowed_forms and org.legal_form not in round_.allowed_forms:
        problems.append(_("Its legal form may not apply to this round."))
    if round_.min_rating and (not org.rating or org.rating < round_.min_rating):
        problems.append(_("Its rating is below %(r)s.") % {"r": round_.min_rating})
    return problems


@transaction.atomic
def application_screen(
    *, application: Application, eligible: bool, actor: Actor, reason: str = ""
) -> Application:
    """初筛: eligible (on to expert review) or not, with the reason."""
    application = lock(application)
    require_permission(actor, perms.can_run_application, application)
    reason = text(reason, "reason", 500, required=not eligible)
    problems = eligibility_problems(application)
    if eligible and problems:
        raise Invalid(" ".join(problems), code="not_eligible")
    step = APPLICATION_FLOW.begin(application, actor=actor)
    new = AppStatus.ELIGIBLE if eligible else AppStatus.INELIGIBLE
    step.move(new, kind=AppEventKind.SCREENED, note=reason)
    step.set(screening_reason=reason)
    step.finish("screened", eligible=eligible)
    return application


@transaction.atomic
def round_close_call(*, round_: VentureRound, actor: Actor) -> VentureRound:
    """截止征集: no more applications; screening and review go on."""
    round_ = lock(round_)
    require_permission(actor, perms.can_fund, round_)
    step = ROUND_FLOW.begin(round_, actor=actor)
    step.move(RoundStatus.REVIEWING)
    step.finish("call_closed")
    return round_
