"""Reporting duties: due days from the rule in force on the period's end, the overdue lists and the
home page, marking a report sent (audited, refused when wrong), and who sees what."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conftest import BAC_NINH, HUNG_YEN, login, province
from khuyencong.audit.models import AuditEntry
from khuyencong.geo.models import AdminUnit
from khuyencong.reports.duty_calendar import entries_for, late_for
from khuyencong.reports.models import DutyPeriod, DutyReport, ReportingDuty

pytestmark = pytest.mark.django_db

QUARTERLY = "province_quarterly"


def own_row(unit, start, end, **due) -> ReportingDuty:
    """A province's own row (its People's Committee's reporting regulation) setting the due day."""
    national = ReportingDuty.find(QUARTERLY, start, None)
    return ReportingDuty.objects.create(
        province=unit,
        code=QUARTERLY,
        name=national.name,
        frequency="quarter",
        reporter=national.reporter,
        recipient=national.recipient,
        legal_basis=f"Quyết định quy định chế độ báo cáo của UBND tỉnh ({start.year})",
        effective_from=start,
        effective_to=end,
        **due,
    )


def quarter(year: int, number: int) -> DutyPeriod:
    first = 3 * number - 2
    end = (datetime.date(year, first + 2, 28) + datetime.timedelta(days=4)).replace(day=1)
    return DutyPeriod(datetime.date(year, first, 1), end - datetime.timedelta(days=1), f"Q{number}/{year}")


def test_the_seeded_duties_cite_their_articles_and_set_no_day_the_text_does_not():
    in_2015 = ReportingDuty.find(QUARTERLY, datetime.date(2015, 9, 30), None)
    in_2026 = ReportingDuty.find(QUARTERLY, datetime.date(2026, 3, 31), None)
    assert in_2015.legal_basis == "Thông tư liên tịch 26/2014/TTLT-BTC-BCT, Điều 9 khoản 3"
    assert in_2015.verified and in_2015.recipient == "Bộ Công Thương"
    assert "Nghị định 235/2025/NĐ-CP" in in_2026.legal_basis and not in_2026.verified
    assert (
        "Điều 21 khoản 5"
        in ReportingDuty.find("national_plan_year", datetime.date(2015, 12, 31), None).legal_basis
    )
    # No article read gives a day: none is invented.
    assert set(ReportingDuty.objects.values_list("due_kind", flat=True)) == {"none"}
    assert all(row.due_on(datetime.date(2015, 9, 30)) is None for row in ReportingDuty.objects.all())


def test_a_period_takes_the_due_day_of_the_rule_in_force_on_its_last_day():
    hy = province(HUNG_YEN)
    own_row(hy, datetime.date(2015, 1, 1), datetime.date(2025, 10, 14), due_kind="next_month", due_day=10)
    own_row(hy, datetime.date(2025, 10, 15), None, due_kind="after_end", due_days=15)
    q3_2015 = [e for e in entries_for(hy, [2015]) if e.code == QUARTERLY and e.period.end.month == 9]
    q1_2026 = [e for e in entries_for(hy, [2026]) if e.code == QUARTERLY and e.period.end.month == 3]
    assert {e.due for e in q3_2015} == {datetime.date(2015, 10, 10)}
    assert [e.due for e in q1_2026] == [datetime.date(2026, 4, 15)]
    # Before 1/7/2025 each province merged into today's Hưng Yên reported on its own.
    before = {e.unit.pk for e in q3_2015}
    assert all(AdminUnit.objects.get(pk=pk).is_legacy for pk in before)
    assert len(before) == len(
        AdminUnit.objects.provinces().legacy().filter(successions__rank=0, successions__successor=hy)
    )
    assert [e.unit for e in q1_2026] == [hy]
    # A national row stays for other provinces: the text sets no day there.
    bn = province(BAC_NINH)
    assert {e.due for e in entries_for(bn, [2026]) if e.code == QUARTERLY} == {None}


def test_a_due_day_in_the_last_month_of_the_period_counts_within_it():
    duty = ReportingDuty(frequency="quarter", due_kind="last_month", due_day=31)
    assert duty.due_on(datetime.date(2026, 6, 30)) == datetime.date(2026, 6, 30)
    assert [p.label for p in duty.periods(2026)] == ["Q1/2026", "Q2/2026", "Q3/2026", "Q4/2026"]
    assert ReportingDuty(frequency="half").periods(2026)[0].end == datetime.date(2026, 6, 30)
    assert DutyReport.earliest_sent_on(quarter(2026, 2), datetime.date(2026, 6, 20)) == datetime.date(
        2026, 4, 1
    )


def _late_setup():
    hy = province(HUNG_YEN)
    own_row(hy, datetime.date(2025, 7, 1), None, due_kind="after_end", due_days=15)
    last_year = timezone.localdate().year - 1
    return hy, quarter(last_year, 3), datetime.date(last_year, 10, 15)


def test_overdue_reports_are_listed_until_marked_sent(personas, client):
    hy, period, due = _late_setup()
    staff = personas["centre_staff"]
    late = [e for e in late_for(staff, timezone.localdate()) if e.period == period]
    assert [(e.unit, e.due) for e in late] == [(hy, due)]
    page = login(client, personas["leader"]).get(reverse("projects:overdue")).content.decode()
    assert "Báo cáo định kỳ hằng quý về hoạt động khuyến công tại địa phương" in page
    assert f"{due:%d/%m/%Y}" in page
    home = client.get(reverse("home")).content.decode()
    assert _("Reports due") in home and "Báo cáo định kỳ hằng quý" in home

    DutyReport.mark_sent(staff, code=QUARTERLY, province=hy, period=period, number="12/BC-UBND", sent_on=due)
    assert not [e for e in late_for(staff, timezone.localdate()) if e.period == period]


def test_mark_sent_is_audited_and_refuses_wrong_days_and_a_second_time(personas):
    hy, period, due = _late_setup()
    staff = personas["centre_staff"]
    today = timezone.localdate()
    for day in (period.end - datetime.timedelta(days=1), today + datetime.timedelta(days=1)):
        with pytest.raises(ValidationError) as refused:
            DutyReport.mark_sent(
                staff, code=QUARTERLY, province=hy, period=period, number="1/BC", sent_on=day
            )
        assert "sent_on" in refused.value.error_dict
    report = DutyReport.mark_sent(
        staff,
        code=QUARTERLY,
        province=hy,
        period=period,
        number="12/BC-UBND",
        sent_on=due + datetime.timedelta(days=3),
    )
    assert report.due_on == due and report.days_late == 3 and report.current_province == hy
    entry = AuditEntry.objects.get(action="reports.dutyreport.sent", object_id=str(report.pk))
    assert entry.actor == staff and entry.changes["number"] == [None, "12/BC-UBND"]
    with pytest.raises(ValidationError, match="đã được ghi nhận là đã gửi"):
        DutyReport.mark_sent(staff, code=QUARTERLY, province=hy, period=period, number="13/BC", sent_on=due)
    assert DutyReport.objects.count() == 1


def test_the_form_marks_sent_and_keeps_what_was_typed_on_an_error(personas, client):
    hy, period, due = _late_setup()
    login(client, personas["leader"])
    url = reverse("reports:duty_send", args=[hy.pk, QUARTERLY, period.start, period.end, hy.pk])
    assert client.get(url).status_code == 200
    too_early = {
        "number": "77/BC-SCT",
        "sent_on": f"{period.end - datetime.timedelta(days=5):%d/%m/%Y}",
        "confirm": "on",
    }
    answer = client.post(url, too_early)
    page = answer.content.decode()
    refusal = _("The report cannot have been sent before %(day)s, the end of its period.") % {
        "day": f"{period.end:%d/%m/%Y}"
    }
    assert answer.status_code == 200 and "77/BC-SCT" in page and refusal in page
    unconfirmed = client.post(url, {"number": "77/BC-SCT", "sent_on": f"{due:%d/%m/%Y}"})
    assert unconfirmed.status_code == 200 and not DutyReport.objects.exists()
    done = client.post(url, {"number": "77/BC-SCT", "sent_on": f"{due:%d/%m/%Y}", "confirm": "on"})
    assert done.status_code == 302
    year_page = client.get(reverse("reports:duty_year", args=[hy.pk, period.start.year])).content.decode()
    assert "77/BC-SCT" in year_page and f"{due:%d/%m/%Y}" in year_page
    history = client.get(reverse("reports:duty_history", args=[hy.pk])).content.decode()
    assert "77/BC-SCT" in history and str(_("marked as sent")) in history
    assert QUARTERLY not in history  # the duty is named in words, never by its code


def test_an_overdue_period_shows_in_red_with_its_days_late(personas, client):
    hy, period, due = _late_setup()
    page = login(client, personas["centre_staff"]).get(
        reverse("reports:duty_year", args=[hy.pk, period.start.year])
    )
    days = (timezone.localdate() - due).days
    said = ngettext("Overdue: %(days)s day late", "Overdue: %(days)s days late", days) % {"days": days}
    assert said in page.content.decode() and "text-danger" in page.content.decode()


def test_scope_other_provinces_and_commune_officers_see_nothing(personas, client):
    hy, period, due = _late_setup()
    url = reverse("reports:duty_year", args=[hy.pk, period.start.year])
    send = reverse("reports:duty_send", args=[hy.pk, QUARTERLY, period.start, period.end, hy.pk])
    assert login(client, personas["other_province_staff"]).get(url).status_code == 404
    assert (
        client.post(send, {"number": "1", "sent_on": f"{due:%d/%m/%Y}", "confirm": "on"}).status_code == 404
    )
    assert not [
        e for e in late_for(personas["other_province_staff"], timezone.localdate()) if e.province == hy
    ]
    for name in ("commune_officer", "establishment_rep"):
        login(client, personas[name])
        assert client.get(url).status_code == 403
        assert client.get(reverse("reports:duties")).status_code == 403
        assert "Báo cáo định kỳ hằng quý" not in client.get(reverse("projects:overdue")).content.decode()
    # The Ministry reads every province, and marks nothing.
    login(client, personas["ministry"])
    assert client.get(url).status_code == 200
    assert client.get(reverse("reports:duty_year", args=[province(BAC_NINH).pk, 2026])).status_code == 200
    assert client.get(send).status_code == 403
    assert not DutyReport.objects.exists()


def test_the_rules_screen_lists_the_duties_with_their_basis(personas, client):
    page = login(client, personas["centre_staff"]).get(reverse("plans:rules")).content.decode()
    assert _("Reporting duties") in page
    assert "Thông tư liên tịch 26/2014/TTLT-BTC-BCT, Điều 9 khoản 3" in page
    assert "Thông tư 36/2013/TT-BCT, Điều 21 khoản 5" in page


def test_the_legal_rules_document_lists_the_duties_and_is_generated(tmp_path):
    from khuyencong.plans.management.commands.legal_rules_doc import PATH, render

    text = render()
    assert "## Reporting duties" in text and "Điều 9 khoản 3" in text
    assert PATH.read_text(encoding="utf-8") == text, "run `manage.py legal_rules_doc`"
    call_command("check")
