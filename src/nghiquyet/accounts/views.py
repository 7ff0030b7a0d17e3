"""Pages of this app. Views only translate HTTP: access → form → service → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nghiquyet.units.models import ADMIN_KINDS, OrgUnit

from . import access, services
from .forms import MembershipForm
from .models import Membership


class LoginForm(AuthenticationForm):
    """Django's form (it passes the request to authenticate(), which django-axes needs)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": gettext_lazy("Wrong user name or password. Note that both may be case-sensitive."),
        "inactive": gettext_lazy("This account has been deactivated."),
    }


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


# --------------------------------------------------------------------------- unit admins' users page


def users(request: HttpRequest) -> HttpResponse:
    """/tai-khoan/nguoi-dung/: an admin (role admin at some unit) manages the users of their subtree."""
    admin = request.user
    access.require(access.has_any_role(admin, access.ADMIN_ROLES), admin, request, detail="quản lý người dùng")
    form = MembershipForm()
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "add":
                form = MembershipForm(request.POST)
                if form.is_valid():
                    d = form.cleaned_data
                    m = services.grant_from_admin_page(
                        admin, username=d["username"], unit_code=d["unit"], role=d["role"],
                        full_name=d["full_name"], password=d["password"],
                    )
                    messages.success(request, _("Granted: %(what)s") % {"what": str(m)})
                    return redirect("accounts:users")
            elif action == "remove":
                m = access.get_in_scope_or_404(
                    Membership.objects.select_related("user", "unit"), admin, "unit__",
                    roles=access.ADMIN_ROLES, request=request, pk=_int(request.POST.get("membership")),
                )
                services.remove_membership(m, by=admin)
                messages.success(request, _("Removed: %(what)s") % {"what": str(m)})
                return redirect("accounts:users")
            elif action in ("deactivate", "activate"):
                rows = {r["user"].pk: r["user"] for r in services.users_in_scope(admin)}
                user = rows.get(_int(request.POST.get("user")))
                if user is None:
                    access.log_refused(admin, request, detail="khóa người dùng ngoài phạm vi")
                    raise Http404
                services.set_active_from_admin_page(admin, user, action == "activate")
                messages.success(request, _("Saved."))
                return redirect("accounts:users")
            else:
                errors.append(str(_("Unknown action.")))
        except services.AccountError as exc:
            errors.extend(exc.errors)
    return render(request, "accounts/users.html", {
        "rows": services.users_in_scope(admin), "form": form, "errors": errors,
        "units": _admin_units(admin), "nav": "users",
    })


def _int(raw) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise Http404 from None


def _admin_units(admin) -> list[OrgUnit]:
    """Units the admin may grant roles at (for the hint list): the admin units of their subtree."""
    return list(
        OrgUnit.objects.filter(access.unit_q(admin, "", access.ADMIN_ROLES)).current()
        .filter(kind__in=ADMIN_KINDS).order_by("path")[:300]
    )
