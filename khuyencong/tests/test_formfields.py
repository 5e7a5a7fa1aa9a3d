"""The money and day fields: what people type is read, and what no record can hold is a form error."""

from django import forms

from khuyencong.formfields import MAX_DONG, DayField, DongField


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
