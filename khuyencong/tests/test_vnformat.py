"""Money and ratios as reports write them, in both languages, and typed amounts read back exactly."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khuyencong.vnformat import AmountError, dong, group_number, millions, parse_dong, percent, ratio


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


@given(st.integers(-(10**18), 10**18), st.sampled_from(["vi", "en"]), st.integers(0, 6))
def test_millions_in_whole_numbers_round_as_decimal_half_up_does(amount, language, places):
    # millions() works in whole numbers for speed; Decimal rounding half-up is the reference.
    expected = group_number(Decimal(amount) / 1_000_000, places, language, strip_zeros=True)
    assert millions(amount, language, places) == expected


@pytest.mark.parametrize(
    "text, amount",
    [
        ("150.000.000", 150_000_000),
        ("150000000", 150_000_000),
        ("150 000 000", 150_000_000),
        ("150\u00a0000\u00a0000", 150_000_000),
        ("150,000,000", 150_000_000),
        ("  150.000.000 ", 150_000_000),
        ("150 triệu", 150_000_000),
        ("150 trieu", 150_000_000),
        ("150tr", 150_000_000),
        ("150 Triệu đồng", 150_000_000),
        ("1,5 tỷ", 1_500_000_000),
        ("1.5 tỷ", 1_500_000_000),
        ("1,5 ty", 1_500_000_000),
        ("2 tỉ", 2_000_000_000),
        ("1 tỷ 200 triệu", 1_200_000_000),
        ("1 tỷ 200 triệu 500 nghìn đồng", 1_200_500_000),
        ("1.234,5 triệu", 1_234_500_000),
        ("500 ngàn", 500_000),
        ("150.000.000đ", 150_000_000),
        ("150.000.000 đ", 150_000_000),
        ("150.000.000 VNĐ", 150_000_000),
        ("150.000.000 vnd", 150_000_000),
        ("150.000.000₫", 150_000_000),
        ("1,234567 triệu", 1_234_567),
    ],
)
def test_amounts_typed_the_vietnamese_ways_are_read(text, amount):
    assert parse_dong(text) == amount


@pytest.mark.parametrize(
    "text, code",
    [
        ("125,5", "fraction"),  # đồng has no minor unit
        ("125,5 đ", "fraction"),
        ("1,2345678 triệu", "not_whole"),
        ("1.500 tỷ", "ambiguous"),  # 1500 tỷ in Vietnamese, 1,5 tỷ in English
        ("1,500 triệu", "ambiguous"),
        ("1 tỷ 200", "no_unit"),  # 200 triệu in speech, 200 đồng on paper
        ("200 triệu 1 tỷ", "invalid"),
        ("1 tỷ 2000 triệu", "invalid"),
        ("150 đô", "invalid"),
        ("triệu", "invalid"),
        ("đ", "invalid"),
        ("9" * 61, "invalid"),
    ],
)
def test_amounts_that_could_be_misread_are_refused_with_the_reason(text, code):
    with pytest.raises(AmountError) as refused:
        parse_dong(text)
    assert refused.value.code == code


def test_an_ambiguous_amount_names_both_readings():
    with pytest.raises(AmountError) as refused:
        parse_dong("1.500 tỷ")
    assert refused.value.readings == (1_500_000_000_000, 1_500_000_000)
