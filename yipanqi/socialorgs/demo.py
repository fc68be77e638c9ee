"""The Fenghua demo's social organisations: hub organisations (the district's and two streets'),
every social-organisation unit of the district registered with its credit code, community
organisations filed with 锦屏 and 岳林, 锦屏街道's incubation centre with organisations at each
stage, their services, the communities' needs matched to them, government-purchased services
with delivery logs; then the 公益创投 rounds (demo_venture.py).

Everything goes through this app's actions with the system actor acting for the demo's
administrators, replayed at the time each step would have happened (2021 unless said)."""

import datetime
from typing import Any

from yipanqi.core.actors import system
from yipanqi.core.demo_kit import clock, names
from yipanqi.core.demo_kit.clock import replay
from yipanqi.organisations.choices import UnitKind
from yipanqi.organisations.demo_units import credit_code
from yipanqi.organisations.validators import is_valid_credit_code
from yipanqi.socialorgs import actions
from yipanqi.socialorgs.choices import IncubationStage, LegalForm, ServiceKind
from yipanqi.socialorgs.models import (
    Application,
    Engagement,
    Incubation,
    Need,
    Offer,
    SocialOrganisation,
)

STAFF_TOWN = "锦屏街道"  # the social_org_staff persona's street
HUB_TOWNS = ("锦屏街道", "岳林街道")  # streets with a hub organisation and community groups
INCUBATOR = "锦屏街道社会组织孵化指导中心"
COMMUNITY_GROUPS = (("银龄互助队", "elderly_care"), ("和事佬调解室", "mediation"),
                    ("巾帼志愿服务队", "charity"), ("心灵驿站", "counselling"))  # fmt: skip
# What a registered organisation offers, by a word in its name (else social practice).
KIND_BY_WORD = (("养老", "elderly_care"), ("心理", "counselling"), ("调解", "mediation"),
                ("医", "health"), ("慈善", "charity"), ("志愿", "charity"), ("社工", "governance"))  # fmt: skip
PURCHASES = (
    ("智慧养老居家服务", "elderly_care", "paid", 180_000_00),
    ("青少年心理咨询进社区", "counselling", "low_cost", 60_000_00),
    ("暑期社会实践营", "social_practice", "free", 35_000_00),
    ("家庭医生健康讲座", "health", "free", 28_000_00),
)
INCUBATION_STAGES = (
    IncubationStage.GRADUATED, IncubationStage.GRADUATED, IncubationStage.INCUBATING,
    IncubationStage.INCUBATING, IncubationStage.ENTERED, IncubationStage.EXITED,
)  # fmt: skip


def at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, 0, tzinfo=clock.LOCAL)


def _kind_of(name: str) -> str:
    return next((kind for word, kind in KIND_BY_WORD if word in name), ServiceKind.SOCIAL_PRACTICE)


def _register_units(demo: Any, hubs: dict[str, SocialOrganisation], actor: Any) -> None:
    """Every social-organisation unit of the district, with its code (a valid one is made for a
    unit registered without), under its street's hub or the district's."""
    rng = names.rng_for("socialorgs", "units")
    for town in demo.plan.towns:
        for unit in demo.units.get(town.code, []):
            if unit.kind != UnitKind.SOCIAL_ORGANISATION:
                continue
            prefix = "51" if "协会" in unit.name else "52"
            code = unit.credit_code if is_valid_credit_code(unit.credit_code or "") else ""
            if not code.startswith(prefix):
                code = credit_code(rng, prefix)
            actions.org_register(
                area=unit.area, name=unit.name, credit_code=code, unit=unit,
                legal_form=LegalForm.SOCIAL_GROUP if prefix == "51" else LegalForm.PRIVATE_NON_ENTERPRISE,
                registered_on=datetime.date(rng.randint(2010, 2020), rng.randint(1, 12), 1),
                hub=hubs.get(town.name, hubs["district"]), rating=rng.choice(("", "3A", "4A", "5A")),
                actor=actor,
            )  # fmt: skip


def _hubs(demo: Any, actor: Any) -> dict[str, SocialOrganisation]:
    rng = names.rng_for("socialorgs", "hubs")
    district = demo.areas[demo.plan.code]
    hubs = {"district": actions.org_register(
        area=district, name="奉化区社会组织服务中心", legal_form=LegalForm.SOCIAL_GROUP,
        credit_code=credit_code(rng, "51"), registered_on=datetime.date(2016, 9, 1), is_hub=True,
        rating="5A", description="枢纽型社会组织：培育扶持、能力建设、项目对接", actor=actor)}  # fmt: skip
    for town in HUB_TOWNS:
        hubs[town] = actions.org_register(
            area=demo.area_named(town), name=f"{town}社会组织联合会", legal_form=LegalForm.SOCIAL_GROUP,
            credit_code=credit_code(rng, "51"), registered_on=datetime.date(2018, 6, 1), is_hub=True,
            hub=hubs["district"], rating="4A", actor=actor,
        )  # fmt: skip
    return hubs


def _community_groups(demo: Any, hubs: dict[str, SocialOrganisation], actor: Any) -> list[Any]:
    """社区社会组织 filed with the two streets: one or two per community."""
    made = []
    for town in demo.plan.towns:
        if town.name not in HUB_TOWNS:
            continue
        for i, community in enumerate(town.communities[:6]):
            for name, _kind in COMMUNITY_GROUPS[i % 2 :: 2][: 1 + i % 2]:
                made.append(actions.org_register(
                    area=demo.areas[community.code], name=f"{community.name}{name}",
                    legal_form=LegalForm.COMMUNITY, credit_code="", hub=hubs[town.name],
                    registered_on=datetime.date(2019 + i % 2, 3 + i, 1), actor=actor,
                ))  # fmt: skip
    return made


def _incubate(demo: Any, groups: list[Any], actor: Any) -> None:
    street = demo.area_named(STAFF_TOWN)
    mine = [g for g in groups if g.scope_path.startswith(street.scope_path)]
    for i, (group, stage) in enumerate(zip(mine, INCUBATION_STAGES, strict=False)):
        entered = datetime.date(2020, 1 + i, 10)
        row = actions.incubation_enter(organisation=group, street=street, centre=INCUBATOR,
                                       entered_on=entered, notes="入驻评估通过", actor=actor)  # fmt: skip
        if stage == IncubationStage.ENTERED:
            continue
        if stage == IncubationStage.EXITED:
            actions.incubation_move(incubation=row, stage=stage, on=entered + datetime.timedelta(days=90),
                                    notes="骨干流失，暂停孵化", actor=actor)  # fmt: skip
            continue
        actions.incubation_move(incubation=row, stage=IncubationStage.INCUBATING,
                                on=entered + datetime.timedelta(days=30), notes="导师一对一辅导：章程与财务制度",
                                actor=actor)  # fmt: skip
        if stage == IncubationStage.GRADUATED:
            actions.incubation_move(incubation=row, stage=stage, on=entered + datetime.timedelta(days=300),
                                    notes="完成孵化评估，出壳", actor=actor)  # fmt: skip


def _offers(orgs: list[SocialOrganisation], actor: Any) -> None:
    rng = names.rng_for("socialorgs", "offers")
    for org in orgs:
        if org.is_hub:
            continue
        kind = _kind_of(org.name)
        if org.legal_form == LegalForm.COMMUNITY:
            group = next((k for n, k in COMMUNITY_GROUPS if n in org.name), kind)
            actions.offer_publish(organisation=org, title=org.name.split("社区")[-1] + "服务",
                                  kind=group, price_class="free", area=org.area, capacity=30, actor=actor)  # fmt: skip
            continue
        town = org.area if org.area.kind == "town" else org.area.get_parent()
        actions.offer_publish(organisation=org, title=f"{ServiceKind(kind).label}服务", kind=kind,
                              price_class=rng.choice(("paid", "low_cost", "free")), area=town,
                              capacity=rng.choice((40, 60, 100)), actor=actor)  # fmt: skip


def _needs(demo: Any, actor: Any) -> None:
    """Each community of the two streets posts a need; most are matched and delivered, the
    first of each street stays open."""
    rng = names.rng_for("socialorgs", "needs")
    kinds = [k for _n, k in COMMUNITY_GROUPS] + ["health", "social_practice"]
    for town in demo.plan.towns:
        if town.name not in HUB_TOWNS:
            continue
        for i, community in enumerate(town.communities[:6]):
            area = demo.areas[community.code]
            kind = kinds[i % len(kinds)]
            with replay(at(2021, 2 + i, 8)):
                need = actions.need_post(community=area, title=f"{community.name}{ServiceKind(kind).label}需求",
                                         kind=kind, people=rng.randint(10, 30), budget_fen=rng.choice((0, 300_000, 800_000)),
                                         actor=actor)  # fmt: skip
            clock.stamp_created(need, at(2021, 2 + i, 8))
            if i == 0:
                continue
            offers = list(Offer.objects.filter(kind=kind, active=True, capacity__gte=need.people))
            offer = next((o for o in offers if need.scope_path.startswith(o.scope_path)), None)
            if offer is None:
                continue
            with replay(at(2021, 2 + i, 20)):
                engagement = actions.need_accept(need=need, offer=offer, actor=actor)
            with replay(at(2021, 3 + i, 15)):
                actions.engagement_log(engagement=engagement, delivered_on=datetime.date(2021, 3 + i, 15),
                                       note="开展服务活动", people=need.people, actor=actor)  # fmt: skip


def _purchases(demo: Any, actor: Any) -> None:
    """政府购买服务 for 锦屏's first communities, bought by the street office."""
    town = next(t for t in demo.plan.towns if t.name == STAFF_TOWN)
    orgs = list(
        SocialOrganisation.objects.filter(
            is_hub=False, legal_form=LegalForm.PRIVATE_NON_ENTERPRISE
        ).order_by("id")
    )
    for i, (title, kind, price, amount) in enumerate(PURCHASES):
        community = demo.areas[town.communities[i % len(town.communities)].code]
        with replay(at(2021, 1 + i, 5)):
            engagement = actions.engagement_purchase(
                organisation=orgs[i % len(orgs)], community=community, title=title, price_class=price,
                purchaser=f"{STAFF_TOWN}办事处", contract_fen=amount, started_on=datetime.date(2021, 1 + i, 5),
                actor=actor,
            )  # fmt: skip
        with replay(at(2021, 6 + i, 1)):
            actions.engagement_log(engagement=engagement, delivered_on=datetime.date(2021, 6 + i, 1),
                                   note=f"{title}（{kind}）第一期", people=20 + i * 5, actor=actor)  # fmt: skip


def _staff(demo: Any, actor: Any) -> None:
    """The social-organisation persona acts for a registered organisation of its street that takes
    service orders (its unit)."""
    street = demo.area_named(STAFF_TOWN)
    org = (
        SocialOrganisation.objects.filter(scope_path__startswith=street.scope_path, unit__isnull=False,
                                          legal_form=LegalForm.PRIVATE_NON_ENTERPRISE)
        .order_by("id").first()
    )  # fmt: skip
    org = (
        org
        or SocialOrganisation.objects.filter(scope_path__startswith=street.scope_path)
        .exclude(is_hub=True)
        .first()
    )
    actions.org_staff_add(organisation=org, user=demo.users["social_org_staff"], actor=actor)
    # Its home-care service reaches every community of the street (the browser test matches it).
    actions.offer_publish(organisation=org, title="社区居家养老服务", kind="elderly_care", price_class="low_cost",
                          area=street, capacity=100, actor=actor)  # fmt: skip


def build_socialorgs(demo: Any) -> None:
    from yipanqi.socialorgs.demo_venture import build_rounds

    actor = system("demo", on_behalf_of=demo.users["district_admin"])
    with replay(at(2021, 1, 4)):
        hubs = _hubs(demo, actor)
        _register_units(demo, hubs, actor)
        groups = _community_groups(demo, hubs, actor)
        _staff(demo, actor)
        _offers(list(SocialOrganisation.objects.select_related("area").order_by("id")), actor)
    _incubate(demo, groups, actor)
    _needs(demo, actor)
    _purchases(demo, actor)
    build_rounds(demo, actor)


def socialorgs_counts() -> dict[str, int]:
    return {
        "social organisations": SocialOrganisation.objects.count(),
        "incubations": Incubation.objects.count(),
        "community needs": Need.objects.count(),
        "engagements": Engagement.objects.count(),
        "venture applications": Application.objects.count(),
    }
