"""Every write of the centres app: the network and its defaults, rating rounds, assessments."""

from yipanqi.centres.actions.assessments import (
    assessment_appeal,
    assessment_appeal_decide,
    assessment_district_review,
    assessment_self_assess,
    assessment_street_review,
    assessment_submit,
    evidence_attach,
)
from yipanqi.centres.actions.bulk import Sheet, assessments_record_bulk
from yipanqi.centres.actions.network import (
    CentreSpec,
    centre_create,
    centre_update,
    centres_create_bulk,
    services_ensure_defaults,
)
from yipanqi.centres.actions.rounds import round_close, round_open, round_publish
from yipanqi.centres.actions.schemes import scheme_create_default, scheme_revise
from yipanqi.centres.scheme_spec import DimensionSpec, IndicatorSpec, SchemeSpec

__all__ = [
    "CentreSpec",
    "DimensionSpec",
    "IndicatorSpec",
    "SchemeSpec",
    "Sheet",
    "assessment_appeal",
    "assessment_appeal_decide",
    "assessment_district_review",
    "assessment_self_assess",
    "assessment_street_review",
    "assessment_submit",
    "assessments_record_bulk",
    "centre_create",
    "centre_update",
    "centres_create_bulk",
    "evidence_attach",
    "round_close",
    "round_open",
    "round_publish",
    "scheme_create_default",
    "scheme_revise",
    "services_ensure_defaults",
]
