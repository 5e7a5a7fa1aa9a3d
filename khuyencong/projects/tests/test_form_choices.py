"""What the project and step forms offer: today's units for a project of today, and the decisions
that can approve a project."""

from __future__ import annotations

import pytest

from conftest import HUNG_YEN, legacy_commune, login, make_user
from khuyencong.accounts.permissions import Role, ScopeLevel
from khuyencong.geo.models import AdminUnit
from khuyencong.projects.forms import ProjectForm
from khuyencong.projects.scoping import project_choices
from khuyencong.registry.models import Establishment

pytestmark = pytest.mark.django_db


def _listed(form, name):
    """(id, label, selected) of a picker that lists its choices."""
    field = form[name]
    widget = field.field.widget
    widget.get_context(name, field.value(), {})
    return widget._listed


def test_a_representative_of_an_establishment_on_a_pre_reform_commune_is_offered_todays_ward(client):
    lam_son = legacy_commune("Thành phố Hưng Yên", "Phường Lam Sơn")
    successors = lam_son.current_units()
    assert successors and all(not unit.is_legacy for unit in successors)
    old = Establishment.objects.create(
        name="Cơ sở Lam Sơn", legal_form=Establishment.LegalForm.HOUSEHOLD, commune=lam_son
    )
    owner = make_user("owner_ls", Role.ESTABLISHMENT_REP, ScopeLevel.ESTABLISHMENT, establishment=old)

    form = ProjectForm(**project_choices(owner), applicant_required=True)
    listed = _listed(form, "commune")
    assert {pk for pk, _label, _selected in listed} == {unit.pk for unit in successors}
    if len(successors) == 1:
        assert [pk for pk, _label, selected in listed if selected] == [successors[0].pk]
    provinces = list(form.fields["province"].queryset)
    assert provinces and all(not unit.is_legacy for unit in provinces)

    page = login(client, owner).get("/projects/new/")
    assert page.status_code == 200
    assert "Phường Lam Sơn" not in page.content.decode()


def test_a_commune_officer_is_offered_only_todays_commune_for_a_new_project(personas):
    form = ProjectForm(**project_choices(personas["commune_officer"]))
    listed = _listed(form, "commune")
    units = AdminUnit.objects.filter(pk__in=[pk for pk, _l, _s in listed])
    assert [unit.name for unit in units] == ["Phường Phố Hiến"]
    assert all(selected for _pk, _l, selected in listed)
    assert AdminUnit.objects.legacy().filter(successions__successor__name="Phường Phố Hiến").exists()


def test_a_project_of_before_the_reform_keeps_the_old_communes(personas, registry):
    import datetime

    from khuyencong.plans.models import FundingSource
    from khuyencong.projects.models import Project
    from khuyencong.registry.models import ActivityType

    hy = AdminUnit.objects.current().provinces().get(code=HUNG_YEN)
    project = Project.objects.create(
        title="Đề án 2024",
        activity_type=ActivityType.objects.filter(code="1").first(),
        source=FundingSource.objects.get(code="KCĐP"),
        year=2024,
        province=hy,
        start_on=datetime.date(2024, 3, 1),
        support_amount=1,
        counterpart_amount=0,
        total_amount=1,
    )
    form = ProjectForm(instance=project, **project_choices(personas["centre_staff"]))
    assert form.fields["commune"].queryset.legacy().exists()


def _document(symbol, issued_on, province=None, issuer="UBND tỉnh Hưng Yên"):
    from khuyencong.documents.models import Document

    return Document.objects.create(
        symbol=symbol, issued_on=issued_on, issuer=issuer, summary="Phê duyệt đề án", province=province
    )


def test_the_approval_form_offers_only_decisions_that_can_approve_the_project(programme, personas):
    import datetime

    from khuyencong.projects.forms import ApprovalForm
    from khuyencong.projects.models import TransitionError

    from .conftest import M, appraise, draft_project

    today, hy = programme["today"], programme["province"]
    project = appraise(draft_project(programme, personas, 300 * M, 300 * M), personas)
    fitting = _document("20/QĐ-UBND", today, hy)
    old = _document("410/QĐ-UBND", datetime.date(2014, 4, 25), hy)
    ministry = _document("11355/QĐ-BCT", today, None, issuer="Bộ Công Thương")
    notice = _document("21/TB-UBND", today, hy)
    leader = personas["leader"]

    form = ApprovalForm(project=project, user=leader)
    offered = set(form.fields["decision"].queryset)
    assert offered == {fitting, programme["decision"]}  # the batch's decision approves its projects
    assert not offered & {old, ministry, notice}

    data = {
        "batch": programme["batches"]["KCĐP"].pk,
        "approved_support": "300.000.000",
        "on": today.isoformat(),
    }
    posted = ApprovalForm({**data, "decision": fitting.pk}, project=project, user=leader)
    assert posted.is_valid(), posted.errors

    with pytest.raises(TransitionError) as refused:
        project.approve(leader, programme["batches"]["KCĐP"], old, 300 * M, on=today)
    assert "410/QĐ-UBND" in str(refused.value) and "25/04/2014" in str(refused.value)
    with pytest.raises(TransitionError, match="11355/QĐ-BCT"):
        project.approve(leader, programme["batches"]["KCĐP"], ministry, 300 * M, on=today)
    project.approve(leader, programme["batches"]["KCĐP"], fitting, 300 * M, on=today)
    assert project.approval_decision == fitting


def test_a_national_project_is_approved_by_the_ministrys_decision(programme, personas):
    from khuyencong.projects.forms import ApprovalForm
    from khuyencong.projects.models import TransitionError

    from .conftest import M, appraise, draft_project

    today, hy = programme["today"], programme["province"]
    project = appraise(draft_project(programme, personas, 300 * M, 300 * M, source="KCQG"), personas)
    provincial = _document("22/QĐ-UBND", today, hy)
    ministry = _document("11356/QĐ-BCT", today, None, issuer="Bộ Công Thương")
    offered = set(ApprovalForm(project=project, user=personas["leader"]).fields["decision"].queryset)
    assert ministry in offered and provincial not in offered
    with pytest.raises(TransitionError, match="22/QĐ-UBND"):
        project.approve(personas["leader"], programme["batches"]["KCQG"], provincial, 300 * M, on=today)


def test_a_project_is_stopped_only_by_a_decision_that_can_decide_it(programme, personas):
    import datetime

    from khuyencong.projects.forms import StopForm
    from khuyencong.projects.models import TransitionError

    from .conftest import M, running_project

    today, hy = programme["today"], programme["province"]
    project = running_project(programme, personas, 100 * M)
    fitting = _document("30/QĐ-UBND", today, hy)
    old = _document("411/QĐ-UBND", datetime.date(2014, 4, 25), hy)
    leader = personas["leader"]

    offered = set(StopForm(project=project, user=leader).fields["decision"].queryset)
    assert fitting in offered and old not in offered
    with pytest.raises(TransitionError, match="411/QĐ-UBND"):
        project.stop(leader, reason="Cơ sở ngừng sản xuất", decision=old, on=today)
    project.stop(leader, reason="Cơ sở ngừng sản xuất", decision=fitting, on=today)
    assert project.status == "stopped"
