"""Money and ratios as reports write them, in both languages, and typed amounts read back exactly."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khuyencong.vnformat import dong, millions, parse_dong, percent, ratio


def test_the_seed_report_style_in_vietnamese():
    assert millions(1_380_000_000, "vi") == "1.380"
    assert millions(341_700_000, "vi") == "341,7"
    assert millions(0, "vi") == "0"
    assert percent(ratio(341_700_000, 485_000_000), "vi") == "70,45%"
    assert percent(ratio(341_700_000, 217_300_000) - 1, "vi", signed=True) == "+57,25%"
    assert dong(341_700_000, "vi") == "341.700.000"


def test_the_same_figures_in_english():
    assert millions(1_380_000_000, "en") == "1,380"
    assert millions(341_700_000, "en") == "341.7"
    assert percent(Decimal("0.70453"), "en") == "70.45%"


def test_rounding_is_half_up_and_missing_values_show_a_dash():
    assert percent(Decimal("0.000050"), "vi") == "0,01%"
    assert millions(1_005_000, "vi") == "1,01"
    assert percent(None) == "—" and millions(None) == "—"
    assert ratio(5, 0) is None


@pytest.mark.parametrize("text", ["341,7", "12.34", "1.2345.678", "-5", "", "abc", "1 000.000", "١٢٣"])
def test_amounts_that_are_not_whole_dong_are_refused(text):
    with pytest.raises(ValueError):
        parse_dong(text)


@given(st.integers(0, 10**15), st.sampled_from(["vi", "en"]))
def test_a_formatted_amount_reads_back_as_the_same_number(amount, language):
    assert parse_dong(dong(amount, language)) == amount


@given(st.integers(0, 10**15))
def test_millions_keep_at_most_two_decimals_and_never_drift_more_than_half_a_unit(amount):
    text = millions(amount, "en").replace(",", "")
    assert len(text.partition(".")[2]) <= 2
    assert abs(Decimal(text) * 1_000_000 - amount) <= 5_000
