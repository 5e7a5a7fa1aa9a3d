"""The roll-up's change on the previous year compares like with like: a total's change reads only the
rows that have a figure for last year (a source or province with no plan then would swell it)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from khuyencong.reports.execution import Line, PlaceRow, _sum_rows

M = 1_000_000


def row(disbursed: int, previous: int | None) -> PlaceRow:
    return PlaceRow(province=None, source=None, line=Line(paid=disbursed), previous_disbursed=previous)


def test_a_source_with_no_plan_last_year_does_not_count_in_the_change():
    local = row(180 * M, 150 * M)
    national = row(100 * M, None)  # no national plan last year
    total = _sum_rows([local, national], None)
    assert total.line.disbursed == 280 * M and total.previous_disbursed == 150 * M
    assert total.year_on_year == Decimal("0.2")  # 180 on 150, not 280 on 150


@given(
    st.lists(
        st.tuples(st.integers(0, 10**12), st.one_of(st.none(), st.integers(1, 10**12))),
        min_size=1,
        max_size=8,
    )
)
def test_a_total_of_totals_changes_as_the_rows_it_can_compare(pairs):
    rows = [row(disbursed, previous) for disbursed, previous in pairs]
    halves = [_sum_rows(rows[: len(rows) // 2], None), _sum_rows(rows[len(rows) // 2 :], None)]
    grand = _sum_rows(halves, None)
    compared = [(d, p) for d, p in pairs if p is not None]
    if not compared:
        assert grand.year_on_year is None
    else:
        now, before = sum(d for d, _p in compared), sum(p for _d, p in compared)
        assert grand.year_on_year == Decimal(now) / Decimal(before) - 1
