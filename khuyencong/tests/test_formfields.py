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
