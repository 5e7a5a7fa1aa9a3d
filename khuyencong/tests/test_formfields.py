"""The money and day fields: what people type is read, and what no record can hold is a form error."""

import importlib
import importlib.util
import unicodedata

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from khuyencong.formfields import MAX_DONG, DayField, DongField, TrieuField
from khuyencong.modelfields import DongAmountField
from khuyencong.vnformat import parse_dong


class AmountForm(forms.Form):
    amount = DongField()
    on = DayField(required=False)


def test_an_amount_past_a_million_billion_dong_is_a_form_error_not_a_crash():
    # 400 nines used to pass and then fail when the model's check formatted it (Decimal's 28 digits).
    for typed in ["9" * 400, "1.000.000.000.000.001", str(MAX_DONG + 1)]:
        form = AmountForm({"amount": typed})
        assert not form.is_valid()
        assert "amount" in form.errors
    form = AmountForm({"amount": "1.000.000.000.000.000"})
    assert form.is_valid() and form.cleaned_data["amount"] == MAX_DONG


def test_days_outside_1900_to_2100_are_form_errors():
    for typed in ["0001-01-01", "9999-12-31", "31/02/2020", "2015-13-45", "1899-12-31", "2101-01-01"]:
        form = AmountForm({"amount": "1", "on": typed})
        assert not form.is_valid() and "on" in form.errors, typed


# ------------------------------------------------------------------ every money field, every way of typing


def form_classes() -> list[type[forms.BaseForm]]:
    """Every form of the project: the forms modules' classes and the rules screens' generated ones."""
    for app in apps.get_app_configs():
        if app.name.startswith("khuyencong") and importlib.util.find_spec(f"{app.name}.forms"):
            importlib.import_module(f"{app.name}.forms")
    from khuyencong.plans.rules import RULES, rule_form

    found, todo = [rule_form(model) for model, _title in RULES.values()], [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("khuyencong.") and ".tests" not in sub.__module__:
                found.append(sub)
    return found


def money_model_fields() -> list:
    """Our models' whole-đồng columns: every BigIntegerField is money here."""
    return [
        field
        for model in apps.get_models()
        if model.__module__.startswith("khuyencong.")
        for field in model._meta.concrete_fields
        if isinstance(field, models.BigIntegerField) and not field.primary_key
    ]


MONEY_FIELDS = [
    (form_class, name, field)
    for form_class in form_classes()
    for name, field in form_class.base_fields.items()
    if isinstance(field, DongField)
]


def test_every_money_column_is_edited_with_the_money_field_wherever_a_form_shows_it():
    # A new amount column as a plain BigIntegerField would get Django's IntegerField, which reads
    # "150.000" as 150 đồng (the need form's bug): it must be a DongAmountField.
    columns = money_model_fields()
    assert len(columns) >= 10
    for column in columns:
        assert isinstance(column, DongAmountField), column
        assert isinstance(column.formfield(), DongField), column
    model_forms = [f for f in form_classes() if getattr(getattr(f, "_meta", None), "model", None)]
    shown = 0
    for form_class in model_forms:
        for column in money_model_fields():
            if column.model is form_class._meta.model and column.name in form_class.base_fields:
                assert isinstance(form_class.base_fields[column.name], DongField), (form_class, column)
                shown += 1
    assert shown >= 6  # need, rule, batch, project (3), payment
    for model, model_admin in admin.site._registry.items():
        for column in money_model_fields():
            if column.model is model and column.editable:
                assert isinstance(model_admin.formfield_for_dbfield(column, request=None), DongField)
    assert {(f.__name__, name) for f, name, _ in MONEY_FIELDS} >= {
        ("NeedForm", "estimated_cost"),
        ("BatchForm", "amount"),
        ("BatchAdjustmentForm", "new_amount"),
        ("ProjectForm", "support_amount"),
        ("ApprovalForm", "approved_support"),
        ("PaymentForm", "amount"),
        ("AdjustmentForm", "approved_support"),
        ("SettlementForm", "amount"),
    }


TY, TRIEU, NGHIN = 10**9, 10**6, 10**3
UNIT_SPELLINGS = {
    TY: ["tỷ", "tỉ", "ty", "ti", "Tỷ", "TỶ"],
    TRIEU: ["triệu", "trieu", "tr", "Triệu", "TR"],
    NGHIN: ["nghìn", "ngàn", "nghin", "ngan"],
}
CURRENCIES = ["", "đ", " đ", " đồng", " Đồng", " dong", " VNĐ", " vnđ", " VND", " vnd", "₫", " ₫"]
SPACES = ["", " ", "\u00a0", "  "]


def grouped_by(number: int, separator: str) -> str:
    text = f"{number:,}"
    return text.replace(",", separator)


@st.composite
def written(draw, amount: int) -> str:
    """`amount` as someone might type it, in one of the accepted forms."""
    way = draw(st.sampled_from(["digits", "unit", "words"]))
    if way == "digits":
        separator = draw(st.sampled_from(["", ".", " ", ",", "\u00a0"]))
        text = grouped_by(amount, separator) if separator else str(amount)
    elif way == "unit":
        unit = draw(st.sampled_from([TY, TRIEU, NGHIN]))
        whole, fraction = divmod(amount, unit)
        digits = str(fraction).rjust(len(str(unit)) - 1, "0").rstrip("0")
        mark = draw(st.sampled_from([",", "."]))
        # One mark before exactly three digits is refused as ambiguous: skip those writings.
        assume(not (len(digits) == 3 and whole < 1000))
        number = str(whole) if whole < 1000 or draw(st.booleans()) else grouped_by(whole, " ")
        text = number + (mark + digits if digits else "")
        text += draw(st.sampled_from(["", " "])) + draw(st.sampled_from(UNIT_SPELLINGS[unit]))
    else:
        # "1 tỷ 200 triệu 500 nghìn": every part with its unit, so the đồng below a thousand are 0.
        assume(amount % NGHIN == 0 and amount > 0)
        parts, rest = [], amount
        for unit in (TY, TRIEU, NGHIN):
            count, rest = divmod(rest, unit)
            if count:
                parts.append(f"{count} {draw(st.sampled_from(UNIT_SPELLINGS[unit]))}")
        text = " ".join(parts)
    text += draw(st.sampled_from(CURRENCIES))
    if draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)  # some keyboards send the marks apart
    return draw(st.sampled_from(SPACES)) + text + draw(st.sampled_from(SPACES))


@st.composite
def amounts_written(draw):
    amount = draw(
        st.one_of(
            st.integers(0, MAX_DONG),
            st.integers(0, 10**6).map(lambda n: n * 10**5),  # whole hundreds of thousands: 1,5 triệu
            st.integers(0, 10**6).map(lambda n: n * TRIEU),
        )
    )
    return amount, draw(written(amount))


@settings(max_examples=300)
@given(amounts_written())
def test_any_amount_typed_any_accepted_way_reads_back_the_same_in_every_money_field(typed):
    amount, text = typed
    assert parse_dong(text) == amount, text
    # A field asking for triệu reads a bare number in triệu (TrieuField): the same text with its unit
    # reads as everywhere else.
    bare = text.strip().isdigit() or not any(ch.isalpha() or ch in "₫" for ch in text)
    for form_class, name, field in MONEY_FIELDS:
        if field.min_value <= amount <= field.max_value and not (bare and isinstance(field, TrieuField)):
            assert field.clean(text) == amount, (form_class, name, text)


def test_a_refused_amount_says_what_was_typed_and_shows_an_example():
    for typed, words in [
        ("125,5", "125,5 triệu"),
        ("1.500 tỷ", "1.500.000.000.000"),
        ("1 tỷ 200", "1 tỷ 200 triệu"),
        ("một trăm", "150 triệu"),
        ("1,2345678 triệu", "1,25 triệu"),
    ]:
        form = AmountForm({"amount": typed})
        assert not form.is_valid()
        message = form.errors["amount"][0]
        assert f"“{typed}”" in message and words in message, message
        assert f'value="{typed}"' in str(form["amount"])  # kept as typed, to be mended


def test_an_amount_shows_grouped_and_reads_back_from_what_it_shows():
    form = AmountForm(initial={"amount": 150_000_000})
    assert 'value="150.000.000"' in str(form["amount"])
    assert not AmountForm({"amount": "150 triệu"}, initial={"amount": 150_000_000}).has_changed()


def test_a_day_is_typed_and_shown_as_dd_mm_yyyy_whatever_the_browser():
    import datetime

    for typed in ["30/09/2015", "30-09-2015", "30.09.2015", "2015-09-30", "30092015", "30/9/2015"]:
        form = AmountForm({"amount": "1", "on": typed})
        assert form.is_valid(), typed
        assert form.cleaned_data["on"] == datetime.date(2015, 9, 30), typed
    html = str(AmountForm(initial={"on": datetime.date(2015, 9, 3)})["on"])
    assert 'type="text"' in html and 'value="03/09/2015"' in html
    assert 'placeholder="dd/mm/yyyy"' in html and 'inputmode="numeric"' in html and "pattern=" in html


def test_a_model_form_date_gets_the_same_day_box():
    from khuyencong.registry.forms import CraftVillageForm

    field = CraftVillageForm().fields["recognition_date"]
    html = str(CraftVillageForm()["recognition_date"])
    assert 'type="text"' in html and 'placeholder="dd/mm/yyyy"' in html and "form-control" in html
    assert field.clean("01/02/2016").isoformat() == "2016-02-01"


def _grouped(number: int, separator: str) -> str:
    return f"{number:,}".replace(",", separator)


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["", ".", ",", " ", "\u00a0"]))
def test_a_count_typed_with_any_thousands_grouping_reads_as_that_count(number, separator):
    """ "12.000" is twelve thousand here; Django's own IntegerField read it as twelve."""
    from khuyencong.formfields import CountField

    typed = _grouped(number, separator) if separator else str(number)
    assert CountField(max_value=10**9).clean(typed) == number


@given(st.sampled_from(["12,5", "1.2", "12.00", "1.2345", "mười", "1e3", "--3", "12 .000"]))
def test_a_count_that_is_not_a_whole_number_is_refused_with_what_was_typed(typed):
    from django.core.exceptions import ValidationError

    from khuyencong.formfields import CountField

    try:
        CountField().clean(typed)
    except ValidationError as error:
        assert typed.strip()[:20] in error.messages[0]
    else:
        raise AssertionError(f"{typed!r} was read as a count")


def test_every_count_of_a_styled_model_form_reads_vietnamese_grouping():
    from khuyencong.activities.forms import MediaItemForm
    from khuyencong.formfields import CountField

    form = MediaItemForm()
    assert isinstance(form.fields["reach"], CountField) and isinstance(form.fields["episodes"], CountField)
    assert form.fields["version"].widget.is_hidden  # the hidden version stays a hidden number


def test_a_count_of_ten_thousand_digits_is_refused_not_a_crash():
    from django.core.exceptions import ValidationError

    from khuyencong.formfields import CountField

    for typed in ("9" * 10_000, "1.000" * 2_000):
        try:
            CountField().clean(typed)
        except ValidationError:
            pass
        else:
            raise AssertionError("a 10,000-digit count was read")


@given(st.integers(min_value=0, max_value=999_999), st.integers(min_value=0, max_value=99))
def test_a_bare_number_in_a_triệu_field_reads_the_vietnamese_way(whole, hundredths):
    # TrieuField's rule: "." groups thousands, "," is the decimal mark ("1.380" is 1380 triệu, "1,5"
    # one and a half); typed by a Vietnamese keyboard user, never refused as ambiguous.
    grouped = f"{whole:,}".replace(",", ".")
    fraction = f"{hundredths:02d}".rstrip("0")
    typed = grouped + ("," + fraction if fraction else "")
    expected = whole * 10**6 + hundredths * 10**4
    assert TrieuField().clean(typed) == expected, typed


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_a_triệu_amount_shown_from_the_record_reads_back_to_itself(amount):
    field = TrieuField()
    shown = field.prepare_value(amount)
    assert field.clean(shown) == amount, shown


def test_the_triệu_rule_on_the_cases_people_type():
    field = TrieuField()
    for typed, dong_ in [
        ("1.380", 1_380_000_000),
        ("1,5", 1_500_000),
        ("1.380,5", 1_380_500_000),
        ("1,380", 1_380_000),
        ("12.5", 12_500_000),
        ("250", 250_000_000),
        ("150.000.000", 150_000_000),
        ("1.380 triệu", None),  # with its unit, the common rule: ambiguous, refused with both readings
    ]:
        if dong_ is None:
            with pytest.raises(ValidationError):
                field.clean(typed)
        else:
            assert field.clean(typed) == dong_, typed
