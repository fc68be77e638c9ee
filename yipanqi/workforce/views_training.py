"""Training pages (培训): the calendar, setting up a course, enrolling workers, a course with its
attendance list, and the sign-in on a phone. Whoever keeps the list shows the day's QR code at the
class; a worker's phone opens the sign-in page with the code in the link (or the worker types the
six digits) and signs in with one tap. Nothing is written on GET."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core.pages import found, paginate, run, submit
from yipanqi.core.params import id_param, int_param
from yipanqi.core.qr import qr_svg
from yipanqi.workforce import actions, selectors
from yipanqi.workforce import permissions as perms
from yipanqi.workforce.actions._common import sign_in_code
from yipanqi.workforce.choices import SignInMethod
from yipanqi.workforce.forms import CourseForm, EnrolForm, SignInForm

PAGE_SIZE = 50


def _year(request) -> int:
    default = selectors.default_year(user=request.user)
    return int_param(request.GET, "year", min_value=2000, max_value=2100) or default


@login_required
def course_list(request):
    year = _year(request)
    courses = list(selectors.course_list(user=request.user, year=year))
    months: dict[int, list] = {}
    for course in courses:
        months.setdefault(course.start.month, []).append(course)
    context = {
        "year": year,
        "months": sorted(months.items()),
        "count": len(courses),
        "can_plan": bool(selectors.course_areas(user=request.user)),
        "show_pay": perms.is_pay_admin(request.user),
    }
    return render(request, "workforce/course_list.html", context)


@login_required
def course_new(request):
    areas = selectors.course_areas(user=request.user)
    if not areas:
        raise PermissionDenied
    form = CourseForm(request.POST or None, areas=areas)
    done = submit(
        request,
        form,
        lambda d: actions.course_create(
            area=next(a for a in areas if a.pk == d["area"]),
            title=d["title"],
            theme=d["theme"],
            start=d["start"],
            end=d["end"],
            days=d["days"],
            hours=d["hours"],
            class_size=d["class_size"],
            place=d["place"],
            actor=request.user,
        ),  # fmt: skip
        lambda course: course.get_absolute_url(),
    )
    if done is not None:
        return done
    context = {"form": form, "show_pay": perms.is_pay_admin(request.user)}
    return render(request, "workforce/course_form.html", context)


def _qr(request, course) -> dict:
    """The day's code and its QR link, for whoever keeps the course's list."""
    if not perms.can_show_sign_in_code(request.user, course):
        return {}
    code = sign_in_code(course, timezone.localdate())
    link = request.build_absolute_uri(
        f"{reverse('workforce:course_sign_in', args=[course.pk])}?code={code}"
    )
    return {"code": code, "qr": qr_svg(link, title=_("Sign-in QR code"))}


@login_required
def course_detail(request, course_id: int):
    course = found(selectors.course_get, user=request.user, course_id=course_id)
    rows = selectors.course_enrolments(user=request.user, course=course)
    context = {
        "course": course,
        "page_obj": paginate(request, rows, PAGE_SIZE),
        "mine": selectors.my_enrolment(user=request.user, course=course),
        "can_keep_list": perms.can_run_course(request.user, course),
        "can_enrol": bool(selectors.managed_communities(user=request.user)),
        "sign_in_form": SignInForm(),
        "show_pay": perms.is_pay_admin(request.user),
        **(_qr(request, course) if course.start <= timezone.localdate() else {}),
    }
    return render(request, "workforce/course_detail.html", context)


@login_required
def course_enrol(request, course_id: int):
    """报名: pick a community (or town), tick its workers in post not yet on the course."""
    course = found(selectors.course_get, user=request.user, course_id=course_id)
    area_id = id_param(request.GET, "area")
    areas = selectors.managed_communities(user=request.user)
    if not areas:
        raise PermissionDenied
    area = next((a for a in areas if a.pk == area_id), areas[0])
    workers = list(selectors.enrollable_workers(user=request.user, course=course, area=area))
    form = EnrolForm(request.POST or None, workers=workers)
    chosen = {w.pk: w for w in workers}
    done = submit(
        request,
        form,
        lambda d: actions.course_enrol(
            course=course, workers=[chosen[pk] for pk in d["workers"]], actor=request.user
        ),
        lambda _n: course.get_absolute_url(),
    )
    if done is not None:
        return done
    context = {
        "course": course,
        "form": form,
        "areas": areas,
        "area": area,
        "show_pay": perms.is_pay_admin(request.user),
    }
    return render(request, "workforce/course_enrol.html", context)


def _list_sign_in(request, course, worker_id: int):
    enrolment = found(
        lambda: selectors.course_enrolments(user=request.user, course=course).get(
            worker_id=worker_id
        )
    )
    _done, error = run(
        lambda: actions.attendance_sign_in(
            course=course, worker=enrolment.worker, method=SignInMethod.LIST, actor=request.user
        )
    )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Signed in."))
    return redirect(course.get_absolute_url())


@login_required
def course_sign_in(request, course_id: int):
    """签到: GET shows the course and the code from the QR link; POST signs the worker in (the
    list's "present" button posts a worker id instead)."""
    course = found(selectors.course_get, user=request.user, course_id=course_id)
    worker_id = id_param(request.POST, "worker") if request.method == "POST" else None
    if worker_id is not None:
        return _list_sign_in(request, course, worker_id)
    mine = selectors.my_enrolment(user=request.user, course=course)
    if mine is None:
        raise Http404
    form = SignInForm(request.POST or None, initial={"code": request.GET.get("code", "")[:12]})
    done = submit(
        request,
        form,
        lambda d: actions.attendance_sign_in(
            course=course,
            worker=mine.worker,
            method=SignInMethod.QR,
            code=d["code"],
            actor=request.user,
        ),  # fmt: skip
        lambda _e: course.get_absolute_url(),
    )
    if done is not None:
        return done
    context = {
        "course": course,
        "mine": mine,
        "form": form,
        "show_pay": perms.is_pay_admin(request.user),
    }
    return render(request, "workforce/course_sign_in.html", context)
