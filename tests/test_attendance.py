"""Briefing attendance shares and their rollup up the unit tree (oversight/attendance.py, pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from nghiquyet.oversight.attendance import Node, Session, Totals, merge, own_totals, rollup, share

D = dt.date
REFORM = D(2025, 7, 1)

# A province 1 with an abolished district 2 (old communes 3, 4, 5 end on 01/07/2025),
# a new commune 6 (from 01/07/2025) and a body 7 (the district's Party committee) under 2.
TREE = [
    Node(1, None),
    Node(2, 1, valid_to=REFORM),
    Node(3, 2, valid_to=REFORM),
    Node(4, 2, valid_to=REFORM),
    Node(5, 2, valid_to=REFORM),
    Node(6, 1, valid_from=REFORM),
    Node(7, 2, valid_to=REFORM),
]


@pytest.mark.parametrize(
    ("present", "expected", "result"),
    [(0, 0, None), (5, 0, None), (0, 10, 0.0), (7, 10, 0.7), (10, 10, 1.0), (1, 3, 1 / 3)],
)
def test_share(present, expected, result):
    assert share(present, expected) == result


@pytest.mark.parametrize(
    ("sessions", "expected"),
    [
        # one session: as recorded
        ([(10, 8, 40, 35)], (10, 8, 40, 35, 1)),
        # a make-up session: largest expected, presents added
        ([(10, 8, 40, 30), (10, 2, 40, 6)], (10, 10, 40, 36, 2)),
        # make-up sessions cannot push attendance over the expected count
        ([(10, 8, 40, 38), (10, 5, 40, 9)], (10, 10, 40, 40, 2)),
        # the second session counted more people expected (new members admitted)
        ([(10, 9, 40, 38), (12, 2, 42, 3)], (12, 11, 42, 41, 2)),
        # nobody expected
        ([(0, 0, 0, 0)], (0, 0, 0, 0, 1)),
    ],
)
def test_own_totals_combines_sessions(sessions, expected):
    rows = [Session(9, *s) for s in sessions]
    t = own_totals(rows)[9]
    assert (t.cadres_expected, t.cadres_present, t.members_expected, t.members_present, t.sessions) == expected
    assert t.units_held == 1


def _sessions(*rows):
    return [Session(*r) for r in rows]


@pytest.mark.parametrize(
    ("sessions", "unit", "totals", "shares"),
    [
        # district rolls up its communes by sums, never by averaging percentages:
        # commune 3 100% of 10 members, commune 4 50% of 100 → 60/110, not 75 %.
        (_sessions((3, 2, 2, 10, 10), (4, 4, 2, 100, 50)), 2, (6, 4, 110, 60), (4 / 6, 60 / 110)),
        # the province gets the district's old communes through the district
        (_sessions((3, 2, 2, 10, 10), (4, 4, 2, 100, 50)), 1, (6, 4, 110, 60), (4 / 6, 60 / 110)),
        # the district's own briefing (held by its body) adds to its communes'
        (_sessions((7, 20, 19, 30, 28), (3, 2, 2, 10, 10)), 2, (22, 21, 40, 38), (21 / 22, 38 / 40)),
        # a new commune's briefing after the reform goes straight to the province
        (_sessions((6, 30, 27, 200, 150), (3, 2, 2, 10, 10)), 1, (32, 29, 210, 160), (29 / 32, 160 / 210)),
        (_sessions((6, 30, 27, 200, 150)), 2, (0, 0, 0, 0), (None, None)),
        # expected zero for cadres: no cadre share, member share still computed
        (_sessions((5, 0, 0, 12, 9)), 2, (0, 0, 12, 9), (None, 0.75)),
        # no briefing at all
        ([], 1, (0, 0, 0, 0), (None, None)),
    ],
)
def test_rollup_sums(sessions, unit, totals, shares):
    t = rollup(TREE, sessions)[unit]
    assert (t.cadres_expected, t.cadres_present, t.members_expected, t.members_present) == totals
    for got, want in zip((t.cadre_share, t.member_share), shares, strict=True):
        assert got == (None if want is None else pytest.approx(want))


@pytest.mark.parametrize(
    ("as_of", "sessions", "unit", "held", "expected", "listed"),
    [
        # in 2020 the district and its 3 old communes and its body existed; the new commune did not
        (D(2020, 1, 1), _sessions((3, 1, 1, 1, 1)), 1, 1, 6, [1, 2, 3, 4, 5, 7]),
        (D(2020, 1, 1), _sessions((3, 1, 1, 1, 1)), 2, 1, 5, None),
        (D(2020, 1, 1), [], 2, 0, 5, None),
        # in 2025 after the reform only the province and the new commune were expected …
        (D(2025, 8, 1), _sessions((6, 1, 1, 1, 1)), 1, 1, 2, [1, 6]),
        # … but an old commune that held a briefing before it ended is still shown, under its
        # parent, and counts among the units that held one
        (D(2025, 8, 1), _sessions((6, 1, 1, 1, 1), (4, 1, 1, 1, 1)), 1, 2, 3, [1, 2, 4, 6]),
        # no reference day: every node is expected
        (None, [], 1, 0, 7, [1, 2, 3, 4, 5, 7, 6]),
    ],
)
def test_rollup_units_held_and_listed(as_of, sessions, unit, held, expected, listed):
    r = rollup(TREE, sessions, as_of=as_of)
    t = r[unit]
    assert t.units_held == held
    assert t.units_expected == expected
    assert t.units_not_held == expected - held
    if listed is not None:
        assert r.listed == listed


def test_explicit_expected_list_and_sessions_outside_tree():
    # Only communes are expected (bodies and the district itself are not asked to report);
    # a session of a unit outside the tree (99) is ignored.
    r = rollup(TREE, _sessions((3, 1, 1, 4, 4), (99, 5, 5, 5, 5)), expected=[3, 4, 5])
    assert r[1].units_expected == 3
    assert r[1].units_held == 1
    assert r[1].members_expected == 4
    assert 99 not in r.totals
    assert not r[4].held and r[3].held


def test_node_whose_parent_is_outside_becomes_a_root():
    # A user who sees only the district: the province is not among the nodes.
    nodes = [n for n in TREE if n.id != 1]
    r = rollup(nodes, _sessions((3, 2, 1, 2, 1), (6, 9, 9, 9, 9)))
    assert r.listed[0] == 2
    assert r[2].cadres_expected == 2
    assert r[6].cadres_expected == 9  # the new commune is its own root


def test_merge():
    a = Totals(cadres_expected=2, cadres_present=1, members_expected=3, members_present=3, sessions=1)
    b = Totals(cadres_expected=8, cadres_present=8, members_expected=0, members_present=0, sessions=2)
    m = merge([a, b])
    assert (m.cadres_expected, m.cadres_present, m.members_expected, m.sessions) == (10, 9, 3, 3)
    assert m.cadre_share == 0.9
    assert m.member_share == 1.0
