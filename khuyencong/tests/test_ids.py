"""Reading a record id from what someone sent: a whole number a row could have, or None."""

from hypothesis import given
from hypothesis import strategies as st

from khuyencong.ids import MAX_ID, record_id


def test_plain_numbers_are_ids():
    assert record_id("42") == 42
    assert record_id(" 7 ") == 7
    assert record_id(17) == 17
    assert record_id(str(MAX_ID)) == MAX_ID


def test_anything_else_names_no_record():
    # "²" and "١٢" pass str.isdigit(); int() refuses the first, and 5,000 digits are past what
    # Python converts; none of them, nor a number past a bigint, is a key.
    for value in [
        "²",
        "١٢",
        "9" * 5000,
        str(MAX_ID + 1),
        "0",
        "-1",
        "+5",
        "1.5",
        "1e3",
        "",
        None,
        True,
        "abc",
    ]:
        assert record_id(value) is None, value


@given(st.one_of(st.text(), st.integers(), st.none(), st.floats()))
def test_no_value_makes_it_raise(value):
    found = record_id(value)
    assert found is None or 0 < found <= MAX_ID
