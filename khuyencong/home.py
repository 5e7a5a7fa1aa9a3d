"""The home page: what waits for this person, by what their roles let them do.

It sits above the domain apps (as `urls.py` does) because it gathers work from all of them: the
Centre's projects to appraise and to pay and needs to triage, the finance appraiser's projects and
settlements, the leader's decisions, a commune's needs and applications, an establishment's own
applications with what they lack, the provinces' execution for the Ministry, users and imports
for an administrator. Each list is one query through the user's `Scope` (the capability that
lets them act on it, docs/permissions.md), read up to `LIMIT` rows: the page shows the first few
and how many wait, "100+" past that, without counting a large table (docs/adr/0005).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import users_managed_by
from khuyencong.accounts.permissions import Can, ScopeLevel
from khuyencong.accounts.scopes import Scope
from khuyencong.plans.models import Plan
from khuyencong.projects.models import DossierItem, Project, Status
from khuyencong.projects.models.states import EDITABLE
from khuyencong.projects.supervision import overdue_for, plan_deadlines_for
from khuyencong.projects.waiting import WAITING, waiting
from khuyencong.registry.models import ImportJob, Need
from khuyencong.sections import sections

LIMIT = 100  # rows read per list at most; past it the page says "100+"
SHOWN = 5  # rows listed per list

# A project's state as its applicant needs to hear it: where it is and what comes next.
STATUS_WORDS = {
    Status.DRAFT: _("Not submitted yet: complete the dossier, then submit it."),
    Status.SUBMITTED: _("Submitted: waiting for the Centre to start the appraisal."),
    Status.UNDER_APPRAISAL: _("Being appraised."),
    Status.NEEDS_DOCUMENTS: _("More documents are needed: add them, then submit again."),
    Status.APPRAISED: _("Appraised: waiting to be proposed for approval."),
    Status.PROPOSED: _("Proposed for approval: waiting for the leader's decision."),
    Status.APPROVED: _("Approved: the Centre will sign the contract."),
    Status.CONTRACTED: _("Contract signed: the work can start."),
    Status.IN_PROGRESS: _("Under way: send the monthly progress report."),
    Status.AWAITING_ACCEPTANCE: _("Work finished: waiting for the acceptance."),
    Status.ACCEPTED: _("Accepted: the settlement is being checked."),
    Status.SETTLED: _("Settled: the file will be closed."),
    Status.CLOSED: _("Closed."),
    Status.REJECTED: _("Not approved."),
    Status.WITHDRAWN: _("Withdrawn."),
    Status.STOPPED: _("Stopped."),
}
FINISHED = (Status.CLOSED, Status.REJECTED, Status.WITHDRAWN)
# Documents still to come: required, and never uploaded or sent back.
LACKING = Q(required=True, status__in=(DossierItem.ItemStatus.MISSING, DossierItem.ItemStatus.REJECTED))


@dataclass
class Item:
    text: str
    url: str
    note: str = ""
    lacking: list[str] = field(default_factory=list)


@dataclass
class Queue:
    title: str
    empty: str
    items: list[Item]
    count: int
    link: str = ""

    @property
    def count_shown(self) -> str:
        return f"{LIMIT}+" if self.count > LIMIT else str(self.count)


def queue(title, empty, rows: Iterable, item: Callable[[object], Item], link: str) -> Queue:
    """The first few rows, how many there are, and `link` to all of them: every list has its "See all"."""
    rows = list(rows[: LIMIT + 1]) if hasattr(rows, "query") else list(rows)
    return Queue(str(title), str(empty), [item(row) for row in rows[:SHOWN]], len(rows), link)


def _project(project) -> Item:
    return Item(f"{project.code or '—'} · {project.title}", reverse("projects:detail", args=[project.pk]))


def _need(need) -> Item:
    return Item(str(need), reverse("registry:need_detail", args=[need.pk]), need.get_status_display())


def _projects(user, capability: Can, name: str):
    # Money to pay goes by the day of approval; the rest by the day of submission.
    order = ("approved_on", "pk") if name == "pay" else ("submitted_on", "pk")
    projects = waiting(name, Project.objects.visible_to(user, capability))
    return projects.only("pk", "code", "title", "status", "submitted_on").order_by(*order)


def _list(name: str, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse(name) + (f"?{query}" if query else "")


def _waiting_queue(user, capability: Can, name: str, empty) -> Queue:
    """A list of projects waiting for this user, with the link to all of them on the project list."""
    title = WAITING[name][0]
    return queue(
        title, empty, _projects(user, capability, name), _project, _list("projects:list", waiting=name)
    )


def centre_queues(user) -> list[Queue]:
    return [
        _waiting_queue(user, Can.RUN_PROJECTS, "appraise", _("No project waits for appraisal.")),
        _waiting_queue(user, Can.RUN_PROJECTS, "propose", _("No appraised project waits to be proposed.")),
        _waiting_queue(user, Can.RUN_PROJECTS, "pay", _("No approved project waits for a payment.")),
    ]


def finance_queues(user) -> list[Queue]:
    return [
        _waiting_queue(
            user, Can.APPRAISE_FINANCE, "finance_appraisal", _("No project waits for a finance appraisal.")
        ),
        _waiting_queue(user, Can.APPRAISE_FINANCE, "settlement", _("No settlement waits to be checked.")),
    ]


def leader_queues(user) -> list[Queue]:
    return [
        _waiting_queue(user, Can.DECIDE_PROJECTS, "approve", _("No project waits for your approval.")),
        _waiting_queue(user, Can.DECIDE_PROJECTS, "conclude", _("No appraisal waits for your conclusion.")),
        _waiting_queue(user, Can.DECIDE_PROJECTS, "acceptance", _("No project waits for acceptance.")),
        _waiting_queue(user, Can.DECIDE_PROJECTS, "close", _("No settled file waits to be closed.")),
    ]


def needs_queue(user) -> Queue:
    needs = (
        Need.objects.visible_to(user, Can.REVIEW_NEEDS)
        .filter(status=Need.Status.NEW)
        .select_related("establishment", "activity_type")
        .order_by("created_at", "pk")
    )
    return queue(
        _("Needs to triage"), _("No new need waits."), needs, _need, _list("registry:need_list", status="new")
    )


def overdue_queue(user, today) -> Queue:
    late = [entry for entries in overdue_for(user, today).values() for entry in entries]
    late.sort(key=lambda entry: entry.due)

    def item(entry) -> Item:
        text = f"{entry.project.code or '—'} · {entry.project.title}"
        note = _("%(what)s, due %(due)s") % {"what": entry.what, "due": f"{entry.due:%d/%m/%Y}"}
        return Item(text, reverse("projects:detail", args=[entry.project.pk]), note)

    return queue(_("Overdue"), _("Nothing is overdue."), late, item, reverse("projects:overdue"))


def plan_deadlines_queue(user, today) -> Queue:
    """Registration and submission of next year's national proposals, for the province's plan managers."""

    def item(entry) -> Item:
        text = f"{entry.what} — {entry.province.name}"
        # "quá hạn từ 20/05/2026", "sắp đến hạn 20/05/2026": one plain phrase, not "quá hạn: hạn …".
        said = _("overdue since %(due)s") if entry.overdue else _("due on %(due)s")
        day = said % {"due": f"{entry.due:%d/%m/%Y}"}
        note = f"{day} ({entry.basis})"
        return Item(text, reverse("projects:overdue"), note)

    return queue(
        _("Yearly plan deadlines"),
        _("No plan deadline is near."),
        plan_deadlines_for(user, today),
        item,
        reverse("projects:overdue"),
    )


def commune_queues(user) -> list[Queue]:
    needs = (
        Need.objects.visible_to(user)
        .filter(status__in=(Need.Status.NEW, Need.Status.REVIEWED))
        .select_related("establishment", "activity_type")
        .order_by("-created_at", "-pk")
    )
    projects = (
        Project.objects.visible_to(user)
        .exclude(status__in=FINISHED)
        .only("pk", "code", "title", "status")
        .order_by("-pk")
    )

    def application(project) -> Item:
        return Item(_project(project).text, _project(project).url, project.get_status_display())

    return [
        queue(
            _("Your commune's needs"),
            _("No open need in your commune."),
            needs,
            _need,
            _list("registry:need_list"),
        ),
        queue(
            _("Applications in your commune"),
            _("No application in your commune."),
            projects,
            application,
            _list("projects:list"),
        ),
    ]


def applicant_queue(user) -> Queue:
    missing = DossierItem.objects.filter(LACKING).only("project_id", "name", "stage").order_by("pk")
    projects = (
        Project.objects.visible_to(user, Can.APPLY)
        .only("pk", "code", "title", "status")
        .prefetch_related(Prefetch("dossier_items", queryset=missing, to_attr="lacking"))
        .order_by("-pk")
    )

    def application(project) -> Item:
        item = _project(project)
        item.note = f"{project.get_status_display()} — {STATUS_WORDS[project.status]}"
        stage = DossierItem.Stage.APPLICATION if project.status in EDITABLE else None
        if project.status in (Status.IN_PROGRESS, Status.AWAITING_ACCEPTANCE):
            stage = DossierItem.Stage.ACCEPTANCE
        item.lacking = [d.name for d in project.lacking if d.stage == stage]
        return item

    return queue(
        _("My applications"), _("You have no application yet."), projects, application, _list("projects:list")
    )


def ministry_queue(user, today) -> Queue:
    plans = (
        Plan.objects.visible_to(user)
        .filter(year=today.year)
        .values("current_province_id", "current_province__name")
        .annotate(plans=Count("pk"))
        .order_by("current_province__name")
    )
    overview = reverse("reports:overview", args=[today.year])

    def province(row) -> Item:
        # The province's own plan page (its execution of the year), not the roll-up of all of them.
        if row["current_province_id"] is None:
            return Item("—", overview)
        page = reverse("reports:execution", args=[row["current_province_id"], today.year])
        return Item(row["current_province__name"], page)

    title = _("Provinces' execution in %(year)s") % {"year": today.year}
    return queue(title, _("No province has a plan for this year yet."), plans, province, overview)


def admin_queues(user) -> list[Queue]:
    users = users_managed_by(user).only("pk", "username", "full_name").order_by("-date_joined", "-pk")
    imports = (
        ImportJob.objects.filter(created_by=user)
        .filter(status__in=(ImportJob.Status.READY, ImportJob.Status.FAILED, ImportJob.Status.ANALYSING))
        .order_by("-created_at")
    )

    def person(someone) -> Item:
        return Item(str(someone), reverse("accounts:user_detail", args=[someone.pk]))

    def job(import_job) -> Item:
        url = reverse("registry:import_job", args=[import_job.pk])
        return Item(import_job.original_name, url, import_job.get_status_display())

    return [
        queue(_("Users"), _("No user yet."), users, person, reverse("accounts:user_list")),
        queue(_("Imports to finish"), _("No import waits."), imports, job, reverse("registry:import_upload")),
    ]


def queues_for(user) -> list[Queue]:
    """The lists of work for this user, in the order their roles act on a project."""
    scope = Scope.of(user)
    today = timezone.localdate()
    levels = {grant.level for grant in scope.all_grants}
    queues: list[Queue] = []
    if any(g.level == ScopeLevel.ESTABLISHMENT for g in scope.grants(Can.APPLY)):
        queues.append(applicant_queue(user))
    if any(g.level == ScopeLevel.COMMUNE for g in scope.grants(Can.READ_REGISTRY)):
        queues += commune_queues(user)
    if scope.can(Can.RUN_PROJECTS):
        queues += centre_queues(user)
    if scope.can(Can.APPRAISE_FINANCE):
        queues += finance_queues(user)
    if scope.can(Can.DECIDE_PROJECTS):
        queues += leader_queues(user)
    if scope.can(Can.REVIEW_NEEDS):
        queues.append(needs_queue(user))
    if scope.can(Can.RUN_PROJECTS) or scope.can(Can.DECIDE_PROJECTS):
        queues.append(overdue_queue(user, today))
    if scope.ids(Can.MANAGE_PLANS, ScopeLevel.PROVINCE):
        queues.append(plan_deadlines_queue(user, today))
    if scope.can(Can.READ_PLANS) and ScopeLevel.NATIONAL in levels and not scope.can(Can.MANAGE_USERS):
        queues.append(ministry_queue(user, today))
    if scope.can(Can.MANAGE_USERS):
        queues += admin_queues(user)
    # Lists of the apps above this page (the reports due, from reports/panels.py): each section's
    # context holds one `queue`.
    queues += [context["queue"] for _name, context in sections("home", user=user, today=today)]
    return queues


@login_required
def home(request):
    scope = Scope.of(request.user)
    context = {
        "assignments": request.user.role_assignments.select_related("unit__parent", "establishment"),
        "has_roles": bool(scope.all_grants),
    }
    if context["has_roles"]:
        context["queues"] = queues_for(request.user)
        context["can_register"] = scope.communes(Can.EDIT_REGISTRY).exists()
        context["can_apply"] = scope.can(Can.APPLY)
    return render(request, "home.html", context)
