"""What one demo build has made so far, handed from step to step.

The kit imports no app, so the rows are typed loosely here; the comments name what they hold.
Each app's demo step fills its own part (organisations: areas, party, units; accounts: users).
"""

from dataclasses import dataclass, field
from typing import Any

from yipanqi.core.demo_kit.fenghua import DistrictPlan, TownPlan


@dataclass
class Demo:
    plan: DistrictPlan
    areas: dict[str, Any] = field(default_factory=dict)  # organisations.Area by division code
    party: dict[str, Any] = field(default_factory=dict)  # leading PartyOrganisation, by area code
    units: dict[str, list[Any]] = field(default_factory=dict)  # organisations.Unit by town code
    unit_party: dict[int, str] = field(default_factory=dict)  # unit pk -> its party org's kind
    users: dict[str, Any] = field(default_factory=dict)  # accounts.User by username
    community_admins: dict[str, Any] = field(default_factory=dict)  # community code -> User

    def area_named(self, name: str) -> Any:
        found = [a for a in self.areas.values() if a.name == name]
        if len(found) != 1:
            raise LookupError(f"{len(found)} demo areas are named {name!r}")
        return found[0]

    def units_with_party(self, town: TownPlan) -> list[Any]:
        return [u for u in self.units[town.code] if u.pk in self.unit_party]
