"""What the entry forms of the oversight pages offer to pick: units, levels, resolutions.

Each list is limited to what the user may write (or see, for inspected units and resolutions);
the services check the same rules again when the form is sent.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from nghiquyet.accounts import access
from nghiquyet.accounts.models import Role
from nghiquyet.indicators.models import Field
from nghiquyet.resolutions.models import Resolution
from nghiquyet.units.models import ADMIN_KINDS, OrgUnit


def _tree_order(qs: QuerySet[OrgUnit]) -> QuerySet[OrgUnit]:
    return qs.exclude(kind="village").by_level()


def managed_units(user) -> QuerySet[OrgUnit]:
    """Current units the user manages: possible inspecting bodies."""
    return _tree_order(OrgUnit.objects.filter(access.unit_q(user, "", access.MANAGE_ROLES)).current())


def visible_units(user) -> QuerySet[OrgUnit]:
    """Units the user sees, ended ones too (a past inspection of an abolished commune)."""
    return _tree_order(OrgUnit.objects.filter(access.unit_q(user)))


def _reporter_unit_ids(user) -> list[int]:
    return [g.unit_id for g in access.grants(user) if g.role == Role.REPORTER]


def reporting_units(user) -> QuerySet[OrgUnit]:
    """Current units whose difficulties the user may report (services.can_report_obstacle):
    the unit of a reporter membership, and every unit a manager/admin manages."""
    cond = Q(pk__in=_reporter_unit_ids(user)) | access.unit_q(user, "", access.MANAGE_ROLES)
    return _tree_order(OrgUnit.objects.filter(cond).current())


def briefing_units(user) -> QuerySet[OrgUnit]:
    """Units whose briefings the user may record (same rule as for obstacles), ended ones too:
    a briefing of 2020 is entered for the commune as it was then."""
    cond = Q(pk__in=_reporter_unit_ids(user)) | access.unit_q(user, "", access.MANAGE_ROLES)
    return _tree_order(OrgUnit.objects.filter(cond))


def escalation_levels(units) -> QuerySet[OrgUnit]:
    """Levels above any of `units`: the administrative units above each one's own unit (not the
    nation) and their current bodies (Huyện ủy, UBND huyện…)."""
    above: set[int] = set()
    for unit in units:
        above.update(unit.admin_unit.ancestor_ids())
    admin = Q(pk__in=above, depth__gt=0)
    bodies = Q(parent_id__in=above, parent__depth__gt=0) & ~Q(kind__in=ADMIN_KINDS)
    return OrgUnit.objects.filter(admin | bodies).current().by_level()


def escalation_levels_for_user(user) -> QuerySet[OrgUnit]:
    return escalation_levels(reporting_units(user).select_related("parent"))


def visible_resolutions(user) -> QuerySet[Resolution]:
    return (Resolution.objects.filter(access.resolution_q(user)).select_related("issuer")
            .order_by("-term_start", "number"))


def fields() -> QuerySet[Field]:
    return Field.objects.order_by("order", "name")
