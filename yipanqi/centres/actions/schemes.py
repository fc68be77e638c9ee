"""A district's 5A rating scheme (评定标准) as data: set up from the documented defaults, then
edited by the district — dimensions, indicators, weights and grade lines.

A scheme no round has used is edited in place. Once a round has used it, its scores and grades
rest on it, so an edit makes a new edition that is used from the next round on; rounds already
opened keep the edition they opened with (their grades never change under them).
"""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.centres import permissions as perms
from yipanqi.centres.models import Dimension, GradeThreshold, Indicator, RatingScheme
from yipanqi.centres.scheme_spec import DimensionSpec, SchemeSpec, default_spec
from yipanqi.centres.selectors import scheme_spec
from yipanqi.core import audit
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.workflow import Actor, created, lock, require_permission, track
from yipanqi.organisations.models import Area

LIMIT = Decimal(1000)  # weights and maximum scores above this are typing mistakes


def _refuse(message: str, code: str) -> None:
    raise Invalid(message, code=code)


def _check_number(value: Decimal, what: str) -> None:
    if not Decimal(0) < value <= LIMIT:
        _refuse(_("%(what)s must be above 0 and at most 1000.") % {"what": what}, "bad_number")


def _check_dimension(d: DimensionSpec, names: set[str]) -> None:
    if not d.name.strip():
        _refuse(_("Every dimension needs a name."), "name_required")
    _check_number(d.weight, _("The weight of “%(name)s”") % {"name": d.name})
    if not d.indicators:
        _refuse(_("“%(name)s” has no indicators.") % {"name": d.name}, "no_indicators")
    for i in d.indicators:
        if not i.name.strip():
            _refuse(_("Every indicator needs a name."), "name_required")
        if i.name in names:
            _refuse(_("Indicator “%(name)s” is named twice.") % {"name": i.name}, "duplicate_name")
        names.add(i.name)
        _check_number(i.max_score, _("The maximum score of “%(name)s”") % {"name": i.name})
        _check_number(i.weight, _("The weight of “%(name)s”") % {"name": i.name})


def _check_thresholds(thresholds: list[tuple[str, Decimal]]) -> None:
    if not thresholds:
        _refuse(_("Give at least one grade line."), "no_thresholds")
    grades = [grade for grade, _least in thresholds]
    if any(not g.strip() for g in grades) or len(set(grades)) < len(grades):
        _refuse(_("Each grade line needs its own grade name."), "duplicate_grade")
    scores = [least for _grade, least in thresholds]
    if any(not Decimal(0) <= s <= Decimal(100) for s in scores) or len(set(scores)) < len(scores):
        _refuse(_("Grade lines are different scores from 0 to 100."), "bad_threshold")


def _check_spec(spec: SchemeSpec) -> None:
    """Refuse (400, a stable code, the message naming the row) a scheme that cannot grade."""
    if not spec.name.strip():
        _refuse(_("Give the scheme a name."), "name_required")
    if not spec.dimensions:
        _refuse(_("Give at least one dimension."), "no_dimensions")
    if len({d.name for d in spec.dimensions}) < len(spec.dimensions):
        _refuse(_("Two dimensions have the same name."), "duplicate_name")
    names: set[str] = set()
    for d in spec.dimensions:
        _check_dimension(d, names)
    _check_thresholds(spec.thresholds)


def _write_content(scheme: RatingScheme, spec: SchemeSpec) -> None:
    for d_pos, d in enumerate(spec.dimensions):
        dimension = Dimension.objects.create(
            scheme=scheme, name=d.name.strip()[:60], weight=d.weight, position=d_pos
        )
        Indicator.objects.bulk_create(
            Indicator(dimension=dimension, name=i.name.strip()[:100], guidance=i.guidance[:300],
                      max_score=i.max_score, weight=i.weight, position=i_pos)
            for i_pos, i in enumerate(d.indicators)
        )  # fmt: skip
    GradeThreshold.objects.bulk_create(
        GradeThreshold(scheme=scheme, grade=grade.strip()[:12], min_score=least)
        for grade, least in spec.thresholds
    )


def _new_scheme(district: Area, spec: SchemeSpec) -> RatingScheme:
    scheme = RatingScheme(name=spec.name.strip()[:100])
    scheme.place_in(district)
    scheme.save()
    _write_content(scheme, spec)
    return scheme


@transaction.atomic
def scheme_create_default(*, district: Area, actor: Actor) -> RatingScheme:
    """The district's 5A scheme from the documented defaults (centres.defaults), unless it has
    one in use; the district then edits the data."""
    require_permission(actor, perms.can_manage_network, district)
    if RatingScheme.objects.filter(district_code=district.district_code, active=True).exists():
        raise Conflict(_("This district already has a rating scheme in use."), code="scheme_exists")
    spec = default_spec()
    scheme = _new_scheme(district, spec)
    audit.record(
        actor=actor,
        action="centres.scheme.created",
        target=scheme,
        changes=created(scheme, "name", "active"),
        data={"dimensions": [d.name for d in spec.dimensions]},
    )
    return scheme


@transaction.atomic
def scheme_revise(*, scheme: RatingScheme, spec: SchemeSpec, actor: Actor) -> RatingScheme:
    """修订评定标准: the scheme in use, edited; a new edition when a round has used it. Returns
    the scheme now in use."""
    scheme = lock(scheme)
    district = Area.objects.get(path=scheme.scope_path)
    require_permission(actor, perms.can_manage_network, district)
    if not scheme.active:
        raise Conflict(_("Only the scheme in use can be edited."), code="scheme_retired")
    _check_spec(spec)
    content = {"content": [scheme_spec(scheme).summary(), spec.summary()]}
    if not scheme.rounds.exists():
        edit = track(scheme, actor=actor)
        edit.set(name=spec.name.strip()[:100])
        scheme.dimensions.all().delete()  # indicators go with them; no score refers to one
        scheme.thresholds.all().delete()
        _write_content(scheme, spec)
        edit.finish("centres.scheme.edited", also=content)
        return scheme
    retire = track(scheme, actor=actor)
    retire.set(active=False)
    retire.finish("centres.scheme.retired")  # saved first: one scheme in use per district
    edition = _new_scheme(district, spec)
    changes = created(edition, "name", "active")
    audit.record(actor=actor, action="centres.scheme.edition", target=edition,
                 changes={**changes, **content}, data={"replaces": scheme.pk})  # fmt: skip
    return edition
