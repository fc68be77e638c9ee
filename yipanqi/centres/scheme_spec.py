"""What a 5A rating scheme says, as plain data: the form and the API write it, the actions store
it, the pages read a stored scheme back into it (selectors.scheme_spec)."""

from dataclasses import dataclass, field
from decimal import Decimal

from yipanqi.centres import defaults


def as_text(number: Decimal) -> str:
    """20.00 as "20", 7.50 as "7.5": the number as one would type it."""
    return format(number.normalize(), "f")


@dataclass
class IndicatorSpec:
    name: str
    max_score: Decimal
    weight: Decimal
    guidance: str = ""


@dataclass
class DimensionSpec:
    name: str
    weight: Decimal
    indicators: list[IndicatorSpec] = field(default_factory=list)


@dataclass
class SchemeSpec:
    """What a scheme says: its name, dimensions with their indicators, and grade lines."""

    name: str
    dimensions: list[DimensionSpec] = field(default_factory=list)
    thresholds: list[tuple[str, Decimal]] = field(default_factory=list)  # (grade, least score)

    def summary(self) -> dict:
        """The content as the audit keeps it (before/after of an edit)."""
        return {
            "dimensions": [
                [
                    d.name,
                    as_text(d.weight),
                    [[i.name, as_text(i.max_score), as_text(i.weight)] for i in d.indicators],
                ]
                for d in self.dimensions
            ],
            "thresholds": [[grade, as_text(least)] for grade, least in self.thresholds],
        }


def default_spec() -> SchemeSpec:
    """The documented default (centres.defaults) as a spec."""
    return SchemeSpec(
        name=defaults.DEFAULT_SCHEME_NAME,
        dimensions=[
            DimensionSpec(name, Decimal(weight), [
                IndicatorSpec(i_name, Decimal(top), Decimal(i_weight), guidance)
                for i_name, guidance, top, i_weight in indicators
            ])
            for name, weight, indicators in defaults.DEFAULT_DIMENSIONS
        ],
        thresholds=[(grade, Decimal(least)) for grade, least in defaults.DEFAULT_THRESHOLDS],
    )  # fmt: skip
