"""Pay table pages (薪酬标准): the district's tables by year with their rules, a new year's table
prefilled from the district's policy (or the latest table), and a revision while no pay run has
used the table. The rules are data: every number is a field, none is written in code."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from yipanqi.core.pages import found, submit
from yipanqi.workforce import actions, policies, selectors
from yipanqi.workforce import permissions as perms
from yipanqi.workforce.choices import Education, Post, Qualification
from yipanqi.workforce.forms import PayTableForm, table_initial

HEAD = (
    "district", "year", "base_amount", "basic_share", "seniority_step_years",
    "qualification_stacking",
)  # fmt: skip


def _sections(form: PayTableForm) -> dict:
    return {
        "head": [form[n] for n in HEAD if n in form.fields],
        "ranges": form.section("range_"),
        "credits": form.section("credit_"),
        "bonuses": form.section("bonus_"),
        "effects": list(zip(form.section("share_"), form.section("counts_"), strict=True)),
        "coefficients": form.section("coef_"),
    }


def _words(labels: Any, values: dict, fmt: str) -> str:
    """ "正职 7–18 · 副职 4–15 …": a rule's keys in the user's language."""
    names = dict(labels.choices)
    return " · ".join(fmt.format(names.get(k, k), v) for k, v in values.items())


def _summary(rules: dict) -> dict:
    ranges = {k: f"{v[0]}–{v[1]}" for k, v in rules["grade_ranges"].items()}
    return {
        "ranges": _words(Post, ranges, "{} {}"),
        "credits": _words(Education, rules["education_credit_years"], "{} {}"),
        "bonuses": _words(Qualification, rules["qualification_bonus"], "{} +{}"),
    }


@login_required
def table_list(request):
    if not perms.is_pay_admin(request.user):
        raise PermissionDenied
    tables = list(selectors.table_list(user=request.user))
    for table in tables:
        table.summary = _summary(table.rules)
    context = {
        "tables": tables,
        "can_create": bool(selectors.table_districts(user=request.user)),
        "show_pay": True,
    }
    return render(request, "workforce/table_list.html", context)


@login_required
def table_new(request):
    districts = selectors.table_districts(user=request.user)
    if not districts:
        raise PermissionDenied
    latest = selectors.table_list(user=request.user).first()
    rules = latest.rules if latest else policies.PAY_RULES.value(districts[0].district_code)
    initial = table_initial(rules, latest.base_amount if latest else None)
    initial["year"] = latest.year + 1 if latest else None
    form = PayTableForm(request.POST or None, districts=districts, initial=initial)
    done = submit(
        request,
        form,
        lambda d: actions.pay_table_create(
            district=next(a for a in districts if a.pk == d["district"]),
            year=d["year"],
            base_amount=d["base_amount"],
            overrides=form.rules(),
            actor=request.user,
        ),  # fmt: skip
        lambda _t: "workforce:table_list",
    )
    if done is not None:
        return done
    context = {"form": form, "table": None, "show_pay": True, **_sections(form)}
    return render(request, "workforce/table_form.html", context)


@login_required
def table_edit(request, table_id: int):
    table = found(selectors.table_get, user=request.user, table_id=table_id)
    if not perms.can_edit_pay_table(request.user, table):
        raise PermissionDenied
    form = PayTableForm(request.POST or None, initial=table_initial(table.rules, table.base_amount))
    done = submit(
        request,
        form,
        lambda d: actions.pay_table_edit(
            table=table, base_amount=d["base_amount"], overrides=form.rules(), actor=request.user
        ),
        lambda _t: "workforce:table_list",
    )
    if done is not None:
        return done
    context = {"form": form, "table": table, "show_pay": True, **_sections(form)}
    return render(request, "workforce/table_form.html", context)
