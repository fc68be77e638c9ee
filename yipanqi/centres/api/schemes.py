"""/api/v1/centres/schemes/: the 5A rating scheme, read and revised as one document (the same
rules as the edit page: a scheme a round has used is revised into a new edition, and the answer
is the scheme now in use). Refusals are 400 with a stable code (`no_dimensions`,
`duplicate_name`, `bad_number`, `bad_threshold` …) or 409 `scheme_retired`."""

from rest_framework import serializers
from rest_framework.generics import ListAPIView

from yipanqi.centres import actions, selectors
from yipanqi.centres.scheme_spec import DimensionSpec, IndicatorSpec, SchemeSpec
from yipanqi.core.api.steps import StepApi

NUMBER = {"max_digits": 6, "decimal_places": 2}


class SchemeIndicatorShape(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    guidance = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    max_score = serializers.DecimalField(**NUMBER)
    weight = serializers.DecimalField(**NUMBER)


class SchemeDimensionShape(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    weight = serializers.DecimalField(**NUMBER)
    indicators = SchemeIndicatorShape(many=True)


class SchemeThresholdShape(serializers.Serializer):
    grade = serializers.CharField(max_length=12)
    min_score = serializers.DecimalField(max_digits=5, decimal_places=2)


class SchemeInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    dimensions = SchemeDimensionShape(many=True)
    thresholds = SchemeThresholdShape(many=True)


class SchemeOutput(SchemeInput):
    id = serializers.IntegerField()
    active = serializers.BooleanField()

    def to_representation(self, scheme):
        spec = selectors.scheme_spec(scheme)
        document = {
            "id": scheme.pk,
            "active": scheme.active,
            "name": spec.name,
            "dimensions": spec.dimensions,
            "thresholds": [{"grade": g, "min_score": m} for g, m in spec.thresholds],
        }
        return super().to_representation(document)


class SchemeRowOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    active = serializers.BooleanField()
    rounds = serializers.IntegerField(source="n_rounds", help_text="rounds that used it")


class SchemeListApi(ListAPIView):
    serializer_class = SchemeRowOutput

    def get_queryset(self):
        return selectors.scheme_list(user=self.request.user)


def _spec(d: dict) -> SchemeSpec:
    return SchemeSpec(
        name=d["name"],
        dimensions=[
            DimensionSpec(x["name"], x["weight"], [IndicatorSpec(**i) for i in x["indicators"]])
            for x in d["dimensions"]
        ],
        thresholds=[(t["grade"], t["min_score"]) for t in d["thresholds"]],
    )


class SchemeStep(StepApi):
    selector = staticmethod(selectors.scheme_get)
    url_kwarg = "scheme_id"
    output_serializer = SchemeOutput
    refresh = True


SchemeDetailApi = SchemeStep.detail()
SchemeReviseApi = SchemeStep.declare(
    lambda scheme, d, user: actions.scheme_revise(scheme=scheme, spec=_spec(d), actor=user),
    input=SchemeInput,
    name="SchemeReviseApi",
    __doc__="Replace the scheme's content. Answers the scheme now in use: the same one, or a new "
    "edition when a round has used it (its `id` then differs).",
)
