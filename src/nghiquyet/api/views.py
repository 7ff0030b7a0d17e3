"""The page where a user creates and revokes their own API tokens (/api/tokens/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .models import ApiToken
from .services import TokenError, create_token, revoke_token


@never_cache  # the page shows a new secret once: no copy in any cache
@login_required  # /api/ is left to its own authentication by the site's log-in middleware
def tokens(request: HttpRequest) -> HttpResponse:
    secret = None
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            try:
                token, secret = create_token(request.user, request.POST.get("name", ""))
            except TokenError as exc:
                error = str(exc)
        elif action == "revoke":
            token = ApiToken.objects.filter(user=request.user, pk=_int(request.POST.get("token"))).first()
            if token is None:  # someone else's token, or none: the same answer
                raise Http404
            revoke_token(token, by=request.user)
            messages.success(request, _("Token “%(name)s” has been revoked.") % {"name": token.name})
            return redirect("api-tokens")
    return render(request, "api/tokens.html", {
        "tokens": ApiToken.objects.filter(user=request.user),
        "secret": secret, "error": error, "name": request.POST.get("name", "") if error else "",
    })


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None
