"""Money on projects: for any sequence of advances, payments, recoveries, acceptances, settlements,
adjustments and reversals, a step is refused exactly when it would break a rule, the plan's totals equal the sum over
its projects, and caps in force hold. Concurrent edits and payments never lose an update."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khuyencong.plans.models import Plan, SupportRule
from khuyencong.projects.models import Acceptance, Payment, Project, TransitionError
from khuyencong.reports.execution import execution

from .conftest import appraise, draft_project, running_project

M = 1_000_000
amounts = st.integers(1, 60).map(lambda n: n * 5 * M)
operations = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["advance", "payment", "recovery"]), st.integers(0, 2), amounts),
        st.tuples(st.just("accept"), st.integers(0, 2), st.just(0)),
        st.tuples(st.just("settle"), st.integers(0, 2), amounts),
        st.tuples(st.just("settlement"), st.integers(0, 2), st.integers(-20, 20).map(lambda n: n * 5 * M)),
        st.tuples(st.just("adjust"), st.integers(0, 2), amounts),
        # Reverse the n-th entry of the project (already reversed, or itself a reversal, at times).
        st.tuples(st.just("reverse"), st.integers(0, 2), st.integers(0, 10)),
    ),
    max_size=15,
)
RUNNING = ("approved", "contracted", "in_progress", "awaiting_acceptance")


def expected_to_pass(project: Project, kind: str, amount: int, entry: Payment | None = None) -> bool:
    """The rules, restated independently of the model: would this step keep every limit?"""
    net, advanced = project.disbursed(), project.advanced()
    limit = project.settled_amount if project.settled_amount is not None else project.approved_support
    if kind == "reverse":
        untouched = entry.reverses_id is None and not Payment.objects.filter(reverses=entry).exists()
        after = net - entry.amount
        return untouched and after >= 0 and (entry.amount > 0 or after <= limit)
    if kind == "advance":
        cap = int(Decimal(project.approved_support) * Decimal(70) / 100)
        return project.status in RUNNING and advanced + amount <= cap and net + amount <= limit
    if kind == "payment":
        return net + amount <= limit
    if kind == "recovery":
        return net - amount >= 0
    if kind == "settlement":
        return (
            project.status == "settled"
            and amount != 0
            and net + amount >= 0
            and (amount < 0 or net + amount <= limit)
        )
    if kind == "settle":
        return project.status == "accepted" and amount <= project.approved_support
    if kind == "accept":
        return project.status in RUNNING
    if kind == "adjust":
        batch = project.batch
        room = batch.amount - batch.allocated_support() + project.approved_support
        advances_fit = project.status == "accepted" or project.advanced() <= amount * 7 // 10
        changes = amount != project.approved_support
        return (
            project.status in (*RUNNING, "accepted")
            and max(net, 1) <= amount <= room
            and advances_fit
            and changes
        )
    raise AssertionError(kind)


def apply(project: Project, kind: str, amount: int, personas, today, entry=None) -> None:
    staff, leader, finance = personas["centre_staff"], personas["leader"], personas["finance"]
    if kind == "reverse":
        project.reverse_payment(staff, entry, "CT-dao", "Nhập nhầm", on=today)
    elif kind in ("advance", "payment", "recovery", "settlement"):
        project.record_payment(staff, kind, amount, today, f"CT-{kind}")
    elif kind == "accept":
        if project.status != "awaiting_acceptance":
            project.request_acceptance(staff)
        for item in project.dossier_items.filter(stage="acceptance"):
            item.review("accepted", staff, note="Bản giấy")
        project.accept(leader, Acceptance(accepted_on=today, trainees=10))
    elif kind == "settle":
        project.settle(finance, amount, on=today)
    elif kind == "adjust":
        project.adjust(
            leader, "amount", project.approval_decision, "Điều chỉnh", on=today, approved_support=amount
        )


@pytest.mark.django_db
def test_any_sequence_of_money_steps_keeps_every_limit_and_the_plan_adds_up(personas, programme):
    # Three projects of different sizes, made once; each example runs in a savepoint rolled back after it.
    projects = [running_project(programme, personas, support) for support in (40 * M, 150 * M, 400 * M)]

    @settings(max_examples=40, deadline=None)
    @given(ops=operations)
    def run(ops):
        with transaction.atomic():
            check_sequence(ops, projects, personas, programme)
            transaction.set_rollback(True)

    run()


def check_sequence(ops, projects, personas, programme):
    for kind, index, amount in ops:
        entry = None
        if kind == "reverse":
            # The n-th entry of the project, or of all three when the index is None.
            chosen = projects if index is None else [projects[index]]
            entries = list(Payment.objects.filter(project__in=chosen).order_by("pk"))
            if not entries:
                continue
            entry = entries[amount % len(entries)]
            index = next(i for i, p in enumerate(projects) if p.pk == entry.project_id)
        project = projects[index]
        project.refresh_from_db()
        should_pass = expected_to_pass(project, kind, amount, entry)
        payments_before = Payment.objects.count()
        try:
            apply(project, kind, amount, personas, programme["today"], entry)
            passed = True
        except TransitionError:
            passed = False
        assert passed == should_pass, (kind, amount, project.status, project.disbursed())
        if not passed:
            assert Payment.objects.count() == payments_before
        assert_plan_adds_up(programme, projects)


def assert_plan_adds_up(programme, projects):
    plan = programme["batches"]["KCĐP"].plan
    figures = execution(
        plan.province_id, plan.year, programme["today"], plans=Plan.objects.filter(pk=plan.pk)
    )
    total = figures.total
    for project in projects:
        project.refresh_from_db()
        net = project.disbursed()
        # A settlement may fix less than was paid (the rest is then recovered), never more than approved.
        assert 0 <= net <= project.approved_support
        if project.status in RUNNING:
            assert project.advanced() <= project.approved_support * 7 // 10
    assert total.disbursed == sum(p.disbursed() for p in projects)
    assert total.allocated == sum(
        p.settled_amount if p.settled_amount is not None else p.approved_support for p in projects
    )
    assert total.allocated <= total.planned


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(total=st.integers(10, 8_000).map(lambda n: n * M), share=st.integers(1, 100))
def test_support_over_the_cap_is_refused_and_no_one_can_approve_it(personas, programme, total, share):
    support = total * share // 100
    if support == 0:
        return
    with transaction.atomic():
        rule = SupportRule.resolve("3", "demo-model", "local", programme["today"])
        cap, priority_cap = rule.cap_for(total), rule.priority_cap_for(total)
        project = draft_project(
            programme, personas, support, total - support, activity="3", item="demo-model"
        )
        if support > priority_cap:
            with pytest.raises(TransitionError):
                project.submit(personas["centre_staff"])
            transaction.set_rollback(True)
            return
        appraise(project, personas)
        batch = programme["batches"]["KCĐP"]
        if support > cap:
            # Not the leader, not anyone: only a recorded priority decision opens the way.
            with pytest.raises(TransitionError):
                project.approve(
                    personas["leader"], batch, programme["decision"], support, on=programme["today"]
                )
            transaction.set_rollback(True)
            return
        if support <= batch.amount:
            project.approve(personas["leader"], batch, programme["decision"], support, on=programme["today"])
            assert project.status == "approved"
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_priority_support_up_to_the_rule_multiple_of_the_cap_needs_the_recorded_decision(personas, programme):
    total = 1_000 * M
    rule = SupportRule.resolve("3", "demo-model", "local", programme["today"])
    cap, priority_cap = rule.cap_for(total), rule.priority_cap_for(total)
    assert priority_cap == int(cap * rule.priority_factor) and rule.priority_factor > 1
    support = priority_cap  # over the cap, at the priority limit
    project = draft_project(programme, personas, support, total - support, activity="3", item="demo-model")
    appraise(project, personas)  # submitted (within the priority limit) and appraised
    batch, decision, today = programme["batches"]["KCĐP"], programme["decision"], programme["today"]

    with pytest.raises(TransitionError):  # over the cap, no priority decision: refused
        project.approve(personas["leader"], batch, decision, support, on=today)
    with pytest.raises(TransitionError):  # a decision past the multiple of the cap is refused too
        project.record_priority_decision(personas["leader"], decision, priority_cap + 1)
    with pytest.raises(PermissionDenied):  # the decision is the leader's to record
        project.record_priority_decision(personas["centre_staff"], decision, support)
    project.record_priority_decision(personas["leader"], decision, support - M)
    with pytest.raises(TransitionError):  # more than the decision allows
        project.approve(personas["leader"], batch, decision, support, on=today)
    project.approve(personas["leader"], batch, decision, support - M, on=today)
    assert project.status == "approved" and project.approved_support == support - M
    assert project.priority_decision == decision


@pytest.mark.django_db
def test_a_local_project_without_provincial_rows_says_which_national_row_it_fell_back_on(programme):
    local = SupportRule.resolve("3", "demo-model", "local", programme["today"])
    assert local.is_fallback and "28/2018" in local.fallback and "Mô hình trình diễn" in local.fallback
    assert not SupportRule.resolve("3", "demo-model", "national", programme["today"]).is_fallback


@pytest.mark.django_db
def test_an_advance_over_the_share_in_force_is_refused_with_the_rule_named(personas, programme):
    project = running_project(programme, personas, 100 * M)
    project.record_payment(personas["centre_staff"], "advance", 60 * M, programme["today"], "TU-1")
    with pytest.raises(TransitionError) as error:
        project.record_payment(personas["centre_staff"], "advance", 11 * M, programme["today"], "TU-2")
    message = " ".join(error.value.messages)
    assert "70.000.000" in message and "10.000.000" in message and "28/2018" in message
    assert project.disbursed() == 60 * M


@pytest.mark.django_db
def test_payments_only_after_approval_and_never_in_the_future(personas, programme):
    import datetime

    draft = draft_project(programme, personas, 50 * M)
    with pytest.raises(TransitionError):
        draft.record_payment(personas["centre_staff"], "payment", M, programme["today"], "X")
    project = running_project(programme, personas, 50 * M)
    tomorrow = programme["today"] + datetime.timedelta(days=1)
    with pytest.raises(TransitionError, match="hôm nay"):
        project.record_payment(personas["centre_staff"], "payment", M, tomorrow, "X")


@pytest.mark.django_db
def test_any_reversals_after_any_entries_keep_the_limits_and_the_plan_adds_up(personas, programme):
    """Entries first, then reversals of chosen entries (some already reversed, some reversals)."""
    projects = [running_project(programme, personas, support) for support in (40 * M, 150 * M, 400 * M)]
    entries = st.lists(
        st.tuples(st.sampled_from(["advance", "payment", "recovery"]), st.integers(0, 2), amounts),
        min_size=1,
        max_size=8,
    )

    @settings(max_examples=30, deadline=None)
    @given(entries=entries, picks=st.lists(st.integers(0, 20), max_size=10))
    def run(entries, picks):
        with transaction.atomic():
            check_sequence(entries + [("reverse", None, n) for n in picks], projects, personas, programme)
            transaction.set_rollback(True)

    run()


@pytest.mark.django_db
def test_a_mistaken_entry_is_reversed_once_on_its_own_voucher_and_both_stay_in_the_books(personas, programme):
    staff = personas["centre_staff"]
    project = running_project(programme, personas, 100 * M)
    advance = project.record_payment(staff, "advance", 50 * M, programme["today"], "TU-1")
    reversal = project.reverse_payment(staff, advance, "TU-1-DAO", "Nhập nhầm số tiền", on=programme["today"])
    assert (reversal.kind, reversal.amount, reversal.reverses) == ("advance", -50 * M, advance)
    assert project.disbursed() == 0 and project.advanced() == 0
    assert Payment.objects.filter(project=project).count() == 2
    # The advance share is free again for the right entry.
    project.record_payment(staff, "advance", 70 * M, programme["today"], "TU-2")
    for entry, message in ((advance, "đã được ghi đảo"), (reversal, "đã được ghi đảo")):
        with pytest.raises(TransitionError, match=message):
            project.reverse_payment(staff, entry, "X", "Lần nữa", on=programme["today"])
    with pytest.raises(TransitionError, match="lý do"):
        project.reverse_payment(staff, project.payments.last(), "X", " ", on=programme["today"])
    with pytest.raises(PermissionDenied):
        project.reverse_payment(
            personas["leader"], project.payments.last(), "X", "Sai", on=programme["today"]
        )
    assert Payment.objects.filter(project=project).count() == 3


@pytest.mark.django_db
def test_reversing_a_recovery_is_refused_when_the_money_would_pass_the_support(personas, programme):
    staff = personas["centre_staff"]
    project = running_project(programme, personas, 100 * M)
    project.record_payment(staff, "payment", 60 * M, programme["today"], "C-1")
    recovery = project.record_payment(staff, "recovery", 20 * M, programme["today"], "C-2")
    project.record_payment(staff, "payment", 60 * M, programme["today"], "C-3")
    with pytest.raises(TransitionError, match=r"120\.000\.000"):
        project.reverse_payment(staff, recovery, "C-2-DAO", "Thu hồi nhầm", on=programme["today"])
    assert project.disbursed() == 100 * M
