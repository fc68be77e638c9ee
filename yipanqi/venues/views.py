"""Venue pages: the calendar of bookable venues (a week of free slots), a venue's week, the
booking form (one slot or weekly), a booking with its steps, my bookings, the owner's desk."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from yipanqi.core.home import home_year
from yipanqi.core.pages import found, paginate, query_string, run, submit
from yipanqi.core.params import choice_param, date_param, id_param, int_param
from yipanqi.organisations.permissions import widest_area
from yipanqi.venues import actions, calendar, dashboard, selectors
from yipanqi.venues.choices import BookingStatus, VenueKind
from yipanqi.venues.forms import (
    BookingForm,
    ExceptionForm,
    NewVenueForm,
    ReasonForm,
    VenueForm,
    parse_hours,
)
from yipanqi.venues.steps import STEPS, booking_steps, run_step

PAGE_SIZE = 10
CANCELLABLE = (BookingStatus.REQUESTED, BookingStatus.APPROVED)  # what "cancel the rest" cancels
CREDIT_READERS = frozenset({"district_admin", "town_admin", "community_admin", "auditor"})


def _week(request) -> datetime.date:
    """The first of the seven days shown: `?week=` if given, else today (a rolling week)."""
    return date_param(request.GET, "week", default=timezone.localdate())


@login_required
def venue_list(request):
    """每周空闲: the venues the user may book, filtered, each with its free hours per day."""
    bookable = selectors.bookable_venues(user=request.user)
    towns = selectors.venue_towns(venues=bookable)
    town_id = id_param(request.GET, "town")
    town = next((t for t in towns if t.pk == town_id), None)
    kind = choice_param(request.GET, "kind", VenueKind.values) or ""
    capacity = int_param(request.GET, "capacity", min_value=1, max_value=10000)
    venues = selectors.bookable_venues(
        user=request.user, kind=kind, town=town, min_capacity=capacity
    )
    page = paginate(request, venues, PAGE_SIZE)
    first = _week(request)
    context = {
        "page_obj": page,
        "weeks": calendar.week(list(page.object_list), first),
        "first": first,
        "previous": first - datetime.timedelta(days=7),
        "next": first + datetime.timedelta(days=7),
        "kinds": VenueKind.choices,
        "towns": towns,
        "kind": kind,
        "town": town,
        "capacity": capacity or "",
        "can_open": bool(selectors.owner_options(user=request.user)),
        "query": query_string(
            [("kind", kind), ("town", town_id), ("capacity", capacity), ("week", first.isoformat())]
        ),  # fmt: skip
    }
    return render(request, "venues/venue_list.html", context)


@login_required
def venue_detail(request, venue_id: int):
    venue = found(selectors.venue_get, user=request.user, venue_id=venue_id)
    first = _week(request)
    can_book = selectors.bookable_venues(user=request.user).filter(pk=venue.pk).exists()
    context = {
        "venue": venue,
        "week": calendar.week([venue], first)[0],
        "first": first,
        "previous": first - datetime.timedelta(days=7),
        "next": first + datetime.timedelta(days=7),
        "can_book": can_book,
        "weekdays": _opening(venue),
        "photos": selectors.venue_photos(venue=venue),
        "can_manage": selectors.venue_list(user=request.user, action="change")
        .filter(pk=venue.pk)
        .exists(),
    }
    return render(request, "venues/venue_detail.html", context)


def _opening(venue) -> list[tuple[str, str]]:
    names = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
    return [
        (
            names[d],
            ", ".join(f"{a}–{b}" for a, b in venue.open_hours.get(str(d), []))
            or pgettext("venues", "Closed"),
        )
        for d in range(7)
    ]


def _initial(request) -> dict:
    start = request.GET.get("start", "")
    try:
        moment = timezone.localtime(datetime.datetime.fromisoformat(start))
    except ValueError:
        return {"weeks": 1, "headcount": 10}
    end = moment + datetime.timedelta(hours=1)
    return {"date": moment.date(), "start": moment.time(), "end": end.time(), "weeks": 1,
            "headcount": 10}  # fmt: skip


def _book(form: BookingForm, venue, user):
    d = form.cleaned_data
    choice = form.options[d["choice"]]
    if d["weeks"] > 1:
        series = actions.series_create(
            venue=venue, choice=choice, first_date=d["date"], weeks=d["weeks"],
            start_time=d["start"], end_time=d["end"], purpose=d["purpose"],
            headcount=d["headcount"], actor=user,
        )  # fmt: skip
        return series.bookings.order_by("starts_at").first()
    starts_at, ends_at = form.times()
    return actions.booking_request(
        venue=venue, choice=choice, starts_at=starts_at, ends_at=ends_at,
        purpose=d["purpose"], headcount=d["headcount"], actor=user,
    )  # fmt: skip


@login_required
def booking_new(request, venue_id: int):
    venue = found(selectors.venue_get, user=request.user, venue_id=venue_id, action="book")
    choices = selectors.booker_options(user=request.user)
    if not choices:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = BookingForm(data, initial=_initial(request), choices=choices)
    done = submit(request, form, lambda _d: _book(form, venue, request.user),
                  lambda b: b.get_absolute_url())  # fmt: skip
    if done is not None:
        return done
    return render(request, "venues/booking_form.html", {"form": form, "venue": venue})


@login_required
def booking_detail(request, booking_id: int):
    booking = found(selectors.booking_get, user=request.user, booking_id=booking_id)
    context = {
        "booking": booking,
        "events": booking.events.select_related("actor").order_by("created_at", "id"),
        "steps": booking_steps(request.user, booking),
        "is_booker": booking.booked_by_id == request.user.pk,
    }
    return render(request, "venues/booking_detail.html", context)


@login_required
@require_POST
def booking_step(request, booking_id: int, step: str):
    booking = found(selectors.booking_get, user=request.user, booking_id=booking_id)
    if step not in STEPS:
        raise Http404
    form = ReasonForm(request.POST)
    form.is_valid()
    _result, error = run(lambda: run_step(step, booking, form.cleaned_data, request.user))
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Saved."))
    back = request.POST.get("back") == "desk"
    return redirect("venues:approvals" if back else booking.get_absolute_url())


@login_required
def series_detail(request, series_id: int):
    """A weekly series: its occurrences (each a booking of its own) and "cancel the rest"."""
    series = found(selectors.series_get, user=request.user, series_id=series_id)
    occurrences = list(selectors.series_bookings(series=series, user=request.user))
    now = timezone.now()
    context = {
        "series": series,
        "occurrences": occurrences,
        "to_come": sum(1 for b in occurrences if b.starts_at > now and b.status in CANCELLABLE),
        "is_booker": series.booked_by_id == request.user.pk,
    }
    return render(request, "venues/series_detail.html", context)


@login_required
@require_POST
def series_cancel(request, series_id: int):
    series = found(selectors.series_get, user=request.user, series_id=series_id)
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    count, error = run(
        lambda: actions.series_cancel(series=series, reason=reason, actor=request.user)
    )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("%(n)s bookings still to come were cancelled.") % {"n": count})
    return redirect("venues:series_detail", series_id=series.pk)


@login_required
def my_bookings(request):
    upcoming = list(selectors.my_bookings(user=request.user, upcoming=True)[:50])
    past = paginate(request, selectors.my_bookings(user=request.user, upcoming=False), 20)
    return render(request, "venues/my_bookings.html", {"upcoming": upcoming, "page_obj": past})


@login_required
def approvals(request):
    """The owner's and keeper's desk: requests to decide, today's bookings to check in."""
    context = {
        "requests": list(selectors.approval_queue(user=request.user)[:100]),
        "today": list(selectors.check_in_queue(user=request.user)),
    }
    return render(request, "venues/approvals.html", context)


@login_required
def credit(request):
    """共建共享: hours lent and borrowed per town and per organisation, and the credit ledger, for
    the administrator's (or auditor's) area and a year."""
    area = widest_area(request.user, CREDIT_READERS)
    if area is None:
        raise PermissionDenied
    year = home_year(request.GET)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    ledger = selectors.credit_list(user=request.user, start=start, end=end)
    context = {
        "area": area,
        "year": year,
        "years": range(timezone.localdate().year, 2019, -1),
        "towns": dashboard.hours_by_town(path=area.scope_path, start=start, end=end),
        "organisations": dashboard.reciprocity(path=area.scope_path, start=start, end=end)[:50],
        "page_obj": paginate(request, ledger, 20),
    }
    return render(request, "venues/credit.html", context)


def _manage(request, venue_id: int):
    return found(selectors.venue_get, user=request.user, venue_id=venue_id, action="change")


@login_required
def venue_edit(request, venue_id: int):
    """The owner keeps the venue's details, rules and weekly hours (and sees its exceptions)."""
    venue = _manage(request, venue_id)
    data = request.POST if request.method == "POST" else None
    form = VenueForm(data, initial=VenueForm.initial_for(venue))
    done = submit(
        request, form, lambda _d: actions.venue_update(venue=venue, actor=request.user, **form.values()),
        lambda v: v.get_absolute_url(),
    )  # fmt: skip
    if done is not None:
        return done
    context = {
        "venue": venue,
        "form": form,
        "exception_form": ExceptionForm(),
        "exceptions": selectors.venue_exceptions(venue=venue),
        "photos": selectors.venue_photos(venue=venue),
    }
    return render(request, "venues/venue_form.html", context)


@login_required
@require_POST
def venue_exception(request, venue_id: int):
    venue = _manage(request, venue_id)
    form = ExceptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a date and a reason."))
        return redirect("venues:venue_edit", venue.pk)
    d = form.cleaned_data
    _result, error = run(lambda: actions.venue_exception_set(
        venue=venue, date=d["date"], hours=parse_hours(d["hours"]), reason=d["reason"],
        actor=request.user,
    ))  # fmt: skip
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect("venues:venue_edit", venue.pk)


@login_required
def venue_new(request):
    """开放阵地: a street, community or unit opens a venue to others."""
    owners = selectors.owner_options(user=request.user)
    if not owners:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    initial = {"requires_approval": True, "active": True, "who_may_book": "town"}
    initial |= {f"day{d}": "08:30-17:30" for d in range(5)}
    form = NewVenueForm(data, initial=initial, owners=owners)
    done = submit(
        request, form, lambda _d: actions.venue_create(actor=request.user, **form.values()),
        lambda v: v.get_absolute_url(),
    )  # fmt: skip
    if done is not None:
        return done
    return render(request, "venues/venue_form.html", {"venue": None, "form": form})
