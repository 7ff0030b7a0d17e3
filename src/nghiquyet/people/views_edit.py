"""Pages that enter a cadre office's records: people, posts, appointments, responsibilities,
training. Each view: scope (404) → right to write (403) → form → service → redirect.

Who may write: a manager (or admin) of the person's unit, i.e. of a unit above it. The services
check again, against the post's or the area's unit, so a form cannot reach beyond the scope.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from nghiquyet.accounts import access
from nghiquyet.units.models import OrgUnit

from . import forms, services
from .models import Appointment, Person, Post, Responsibility
from .views import _int_param, _person_or_404, _today

PAGE_SIZE = 50


def may_manage_person(user, person: Person) -> bool:
    return person.unit_id is not None and access.can_manage(user, person.unit)


def _person_for_write(request: HttpRequest, pk: int) -> Person:
    person = _person_or_404(request, pk)
    access.require(may_manage_person(request.user, person), request.user, request,
                   "Bạn không có quyền cập nhật hồ sơ cán bộ của đơn vị này.")
    return person


def _require_any_manager(request: HttpRequest) -> None:
    access.require(access.has_any_role(request.user, access.MANAGE_ROLES), request.user, request,
                   "Chỉ người quản lý của một đơn vị mới được nhập hồ sơ cán bộ.")


def _save(form, call: Callable[[], Any]) -> Any | None:
    """Run the service; its Vietnamese ValidationError becomes a form error (nothing written)."""
    try:
        return call()
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return None


def _form_page(request: HttpRequest, form, *, title: str, submit: str, person: Person | None = None,
               note: str = "", cancel: str = "", form_id: str = "edit-form") -> HttpResponse:
    return render(request, "people/form.html", {
        "form": form, "title": title, "submit": submit, "person": person, "note": note,
        "cancel": cancel or (reverse("people:person", args=[person.pk]) if person else reverse("people:list")),
        "form_id": form_id, "nav": "people",
    })


# --------------------------------------------------------------------------- people


def person_create(request: HttpRequest) -> HttpResponse:
    _require_any_manager(request)
    form = forms.PersonForm(request.POST or None, user=request.user, initial={"is_party_member": True})
    if request.method == "POST" and form.is_valid():
        person = _save(form, lambda: services.create_person(user=request.user, **form.cleaned_data))
        if person is not None:
            messages.success(request, _("Added %(name)s to the cadre list.") % {"name": person.full_name})
            return redirect("people:person", pk=person.pk)
    return _form_page(request, form, title=_("Add a cadre"), submit=_("Add the cadre"), form_id="person-form")


def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for_write(request, pk)
    initial = {k: getattr(person, k) for k in ("full_name", "birth_year", "gender", "ethnicity",
                                                "is_party_member", "email")}
    initial["unit"] = person.unit_id
    form = forms.PersonForm(request.POST or None, user=request.user, initial=initial, current_unit=person.unit)
    if request.method == "POST" and form.is_valid():
        if _save(form, lambda: services.update_person(person, user=request.user, **form.cleaned_data)):
            messages.success(request, _("Saved the changes."))
            return redirect("people:person", pk=person.pk)
    return _form_page(request, form, title=_("Edit %(name)s") % {"name": person.full_name}, person=person,
                      submit=_("Save"), form_id="person-form")


# --------------------------------------------------------------------------- appointments


def appointment_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for_write(request, pk)
    form = forms.AppointmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        done = _save(form, lambda: services.create_appointment(person=person, user=request.user,
                                                               **form.cleaned_data))
        if done is not None:
            messages.success(request, _("Recorded: %(post)s.") % {"post": done.post.title})
            return redirect("people:person", pk=person.pk)
    return _form_page(
        request, form, title=_("Add a post held by %(name)s") % {"name": person.full_name}, person=person,
        submit=_("Record"), form_id="appointment-form",
        note=_("A rotation, transfer or secondment records the unit the cadre comes from. "
               "The post must exist at the unit: add it on the Posts page first."),
    )


def appointment_end(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    person = _person_for_write(request, pk)
    appointment = get_object_or_404(Appointment.objects.select_related("post__unit"), pk=item, person=person)
    form = forms.EndForm(request.POST or None, initial={"end_on": _today()})
    if request.method == "POST" and form.is_valid():
        if _save(form, lambda: services.end_appointment(appointment, end_on=form.cleaned_data["end_on"],
                                                        user=request.user)):
            messages.success(request, _("Ended: %(post)s.") % {"post": appointment.post.title})
            return redirect("people:person", pk=person.pk)
    return _form_page(
        request, form, person=person, submit=_("End the post"), form_id="end-form",
        title=_("End the post %(post)s (%(unit)s)") % {"post": appointment.post.title,
                                                        "unit": appointment.post.unit.name},
        note=_("Held since %(day)s.") % {"day": appointment.start_on.strftime("%d/%m/%Y")},
    )


# --------------------------------------------------------------------------- responsibilities


def responsibility_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for_write(request, pk)
    form = forms.ResponsibilityForm(request.POST or None, user=request.user, initial={"role": "phụ trách"})
    if request.method == "POST" and form.is_valid():
        if _save(form, lambda: services.assign_responsibility(person=person, user=request.user,
                                                              **form.cleaned_data)):
            messages.success(request, _("Recorded the responsibility."))
            return redirect("people:person", pk=person.pk)
    return _form_page(
        request, form, title=_("Put %(name)s in charge of an area or field") % {"name": person.full_name},
        person=person, submit=_("Record"), form_id="responsibility-form",
        note=_("Choose either an area (a commune, a district…) or a field, not both."),
    )


def responsibility_end(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    person = _person_for_write(request, pk)
    resp = get_object_or_404(Responsibility.objects.select_related("unit", "field"), pk=item, person=person)
    form = forms.EndForm(request.POST or None, initial={"end_on": _today()})
    if request.method == "POST" and form.is_valid():
        if _save(form, lambda: services.end_responsibility(resp, end_on=form.cleaned_data["end_on"],
                                                           user=request.user)):
            messages.success(request, _("Ended the responsibility for %(area)s.") % {"area": resp.area})
            return redirect("people:person", pk=person.pk)
    return _form_page(
        request, form, person=person, submit=_("End the responsibility"), form_id="end-form",
        title=_("End the responsibility for %(area)s") % {"area": resp.area},
        note=_("In charge since %(day)s.") % {"day": resp.start_on.strftime("%d/%m/%Y")},
    )


# --------------------------------------------------------------------------- training


def training_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for_write(request, pk)
    form = forms.TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _save(form, lambda: services.add_training(person=person, user=request.user, **form.cleaned_data)):
            messages.success(request, _("Recorded the training."))
            return redirect("people:person", pk=person.pk)
    return _form_page(request, form, title=_("Add a training of %(name)s") % {"name": person.full_name},
                      person=person, submit=_("Record"), form_id="training-form")


# --------------------------------------------------------------------------- posts


def posts(request: HttpRequest) -> HttpResponse:
    """The posts of the units in scope, and (for managers) the form that adds one."""
    user = request.user
    may_write = access.has_any_role(user, access.MANAGE_ROLES)
    form = None
    if may_write:
        unit_id = _int_param(request, "don-vi")
        form = forms.PostForm(request.POST or None, user=user, initial={"unit": unit_id})
    if request.method == "POST":
        _require_any_manager(request)
        if form.is_valid():
            post = _save(form, lambda: services.create_post(user=user, **form.cleaned_data))
            if post is not None:
                messages.success(request, _("Added the post %(title)s at %(unit)s.")
                                 % {"title": post.title, "unit": post.unit.name})
                return redirect(f"{reverse('people:posts')}?don-vi={post.unit_id}")
    qs = Post.objects.filter(access.unit_q(user, "unit__")).select_related("unit")
    unit = None
    unit_id = _int_param(request, "don-vi")
    if unit_id:
        unit = OrgUnit.objects.filter(access.unit_q(user), pk=unit_id).first()
        if unit is None:
            raise Http404
        qs = qs.filter(unit=unit)
    today = _today()
    running = Q(appointments__start_on__lte=today) & (
        Q(appointments__end_on__isnull=True) | Q(appointments__end_on__gte=today)
    )
    qs = qs.annotate(holders=Count("appointments", filter=running)).order_by("unit__depth", "unit__search_name", "order", "title")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))
    units = OrgUnit.objects.filter(pk__in=Post.objects.filter(access.unit_q(user, "unit__")).values("unit_id"))
    return render(request, "people/posts.html", {
        "page": page, "unit": unit, "units": units.by_level(), "form": form, "nav": "people",
    })
