"""`{% load scope %}` … `{% if unit|viewable:user %}<a …>{% endif %}`: link only what the user may open."""

from __future__ import annotations

from django import template

from nghiquyet.accounts import access

register = template.Library()


@register.filter
def viewable(obj, user) -> bool:
    """An OrgUnit, or anything with an `issuer` (a resolution), within the user's view scope.

    No query: the memberships are read once per request (access.grants).
    """
    if obj is None:
        return False
    unit = getattr(obj, "issuer", obj)
    return access.can_view_unit(user, unit)


@register.filter
def administers_units(user) -> bool:
    """Holds the admin role somewhere (or is a superuser): show the link to the users page."""
    return access.has_any_role(user, access.ADMIN_ROLES)
