"""Who studied a resolution: attendance shares per unit and their rollup up the unit tree (pure).

A briefing (hội nghị học tập, quán triệt nghị quyết) records, for its holding unit, how many
cadres and Party members were expected and how many attended. The share who studied is
present ÷ expected, for cadres and for members separately.

Rules (each covered by tests/test_attendance.py):

* A unit's own figures combine its briefings on the resolution. A second session of the same
  unit is a make-up session (học bù) for those absent from the first, not new people: the
  expected count is the largest any session recorded, the present counts add up, capped at it.
* A unit's rolled-up totals are its own figures plus those of every descendant: sums of present
  and of expected, never an average of percentages (a commune of 30 members weighs less than
  one of 300).
* A unit without a briefing adds nothing and is reported as "not held"; the rollup says how
  many of the units below held one.
* Expected 0 gives no share (None), not 0 % and not a division error.
* Units that ended (old communes of an abolished district, `valid_to` set) stay in the tree
  under the parent they had; their briefings roll into that parent. A unit is listed as
  expected to brief if it existed on the reference day (e.g. the start of the term); a unit
  that held a briefing is always listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Session:
    """One briefing's attendance."""

    unit_id: int
    cadres_expected: int
    cadres_present: int
    members_expected: int
    members_present: int


@dataclass(frozen=True)
class Node:
    """A unit of the tree as the rollup needs it."""

    id: int
    parent_id: int | None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None  # exclusive: the first day the unit no longer exists

    def exists_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )


def share(present: int, expected: int) -> float | None:
    """present ÷ expected, or None when nobody was expected."""
    if expected <= 0:
        return None
    return present / expected


@dataclass
class Totals:
    cadres_expected: int = 0
    cadres_present: int = 0
    members_expected: int = 0
    members_present: int = 0
    sessions: int = 0
    units_held: int = 0  # units (this one and below) with at least one briefing
    units_expected: int = 0  # units (this one and below) expected to hold one

    @property
    def held(self) -> bool:
        return self.sessions > 0

    @property
    def cadre_share(self) -> float | None:
        return share(self.cadres_present, self.cadres_expected)

    @property
    def member_share(self) -> float | None:
        return share(self.members_present, self.members_expected)

    @property
    def units_not_held(self) -> int:
        return max(0, self.units_expected - self.units_held)

    def add(self, other: Totals) -> None:
        self.cadres_expected += other.cadres_expected
        self.cadres_present += other.cadres_present
        self.members_expected += other.members_expected
        self.members_present += other.members_present
        self.sessions += other.sessions
        self.units_held += other.units_held
        self.units_expected += other.units_expected


def own_totals(sessions: Iterable[Session]) -> dict[int, Totals]:
    """Each unit's own figures from its sessions (make-up sessions capped at the expected)."""
    grouped: dict[int, list[Session]] = {}
    for s in sessions:
        grouped.setdefault(s.unit_id, []).append(s)
    out: dict[int, Totals] = {}
    for unit_id, group in grouped.items():
        ce = max(s.cadres_expected for s in group)
        me = max(s.members_expected for s in group)
        out[unit_id] = Totals(
            cadres_expected=ce,
            cadres_present=min(ce, sum(s.cadres_present for s in group)),
            members_expected=me,
            members_present=min(me, sum(s.members_present for s in group)),
            sessions=len(group),
            units_held=1,
        )
    return out


@dataclass
class Rollup:
    totals: dict[int, Totals] = field(default_factory=dict)  # rolled up: own + descendants
    own: dict[int, Totals] = field(default_factory=dict)
    listed: list[int] = field(default_factory=list)  # ids shown, parents before children

    def __getitem__(self, unit_id: int) -> Totals:
        return self.totals[unit_id]


def rollup(
    nodes: Iterable[Node],
    sessions: Iterable[Session],
    *,
    as_of: dt.date | None = None,
    expected: Iterable[int] | None = None,
) -> Rollup:
    """Roll the sessions' attendance up the tree made by `nodes`.

    `expected`: ids of units expected to hold a briefing (default: every node that existed on
    `as_of`, or every node when `as_of` is None). A session of a unit not among `nodes` is
    ignored (outside the tree asked for). A node whose parent is not among `nodes` is a root.
    """
    node_list = list(nodes)
    by_id: dict[int, Node] = {n.id: n for n in node_list}
    own = {uid: t for uid, t in own_totals(sessions).items() if uid in by_id}
    if expected is None:
        expected_ids = {n.id for n in node_list if as_of is None or n.exists_on(as_of)}
    else:
        expected_ids = set(expected) & by_id.keys()

    def parent(n: Node) -> int | None:
        return n.parent_id if n.parent_id in by_id else None

    children: dict[int | None, list[int]] = {}
    for n in node_list:
        children.setdefault(parent(n), []).append(n.id)

    totals: dict[int, Totals] = {}
    listed: list[int] = []

    def visit(uid: int, seen: frozenset[int]) -> Totals:
        if uid in seen:  # a cycle in bad data must not loop forever
            raise ValueError(f"Cây đơn vị có vòng lặp tại đơn vị {uid}.")
        t = Totals()
        mine = own.get(uid)
        if mine is not None:
            t.add(mine)
        if uid in expected_ids or mine is not None:
            # A unit that held a briefing counts as expected even if it was not listed.
            t.units_expected += 1
        index = len(listed)
        listed.append(uid)
        for child in children.get(uid, []):
            t.add(visit(child, seen | {uid}))
        # Only units that were expected, held a briefing, or have such units below are shown.
        if t.units_expected == 0:
            del listed[index:]
        totals[uid] = t
        return t

    for root in children.get(None, []):
        visit(root, frozenset())
    return Rollup(totals=totals, own=own, listed=listed)


def merge(parts: Iterable[Totals]) -> Totals:
    """Add several totals (e.g. the roots of a user's scope) into one."""
    out = Totals()
    for t in parts:
        out.add(t)
    return out
