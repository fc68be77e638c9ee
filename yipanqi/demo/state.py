"""What one demo build has made so far, handed from step to step."""

from dataclasses import dataclass, field
from typing import Any

from yipanqi.demo.fenghua import DistrictPlan, TownPlan
from yipanqi.organisations.models import Area, PartyOrganisation, Unit


@dataclass
class Demo:
    plan: DistrictPlan
    areas: dict[str, Area] = field(default_factory=dict)  # by division code
    party: dict[str, PartyOrganisation] = field(default_factory=dict)  # leading org, by area code
    units: dict[str, list[Unit]] = field(default_factory=dict)  # by town code
    unit_party: dict[int, str] = field(default_factory=dict)  # unit pk -> its party org's kind
    users: dict[str, Any] = field(default_factory=dict)  # by username
    community_admins: dict[str, Any] = field(default_factory=dict)  # community code -> user

    def area_named(self, name: str) -> Area:
        found = [a for a in self.areas.values() if a.name == name]
        if len(found) != 1:
            raise LookupError(f"{len(found)} demo areas are named {name!r}")
        return found[0]

    def units_with_party(self, town: TownPlan) -> list[Unit]:
        return [u for u in self.units[town.code] if u.pk in self.unit_party]
