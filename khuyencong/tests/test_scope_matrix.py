"""The scope matrix: every URL of the URLconf, for every persona, GET and POST, with the exact answer.

The URLs are read from the URLconf, and each must have a line in `SPECS` (the test fails on a URL
it does not know, so a new screen cannot slip in unchecked). A line says which capability the view
asks for before anything (`gate`), which family of records its arguments name, and what the
user must be able to do to that record (`act`). The expected answer is restated here from the
personas' grants and the records' places, independently of `accounts.scopes`:

- anonymous → 302 to the login page;
- a POST-only view answers GET with 405;
- no grant with the gate's capability anywhere → 403;
- the record is outside what the persona may see → 404 (its name never appears);
- seen but not the capability over its place → 403;
- otherwise the page (GET → 200).

Refused requests change nothing: every table the screens write is compared before and after.
Which roles carry a capability is the permission table (accounts/permissions.py, the policy
itself, pinned by `test_the_permission_table_keeps_its_promises`).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import isolate, isolated_settings, make_hy_communes, make_personas, make_registry
from khuyencong.accounts.permissions import PERMISSIONS, Can, Role
from khuyencong.projects.models import STEPS

from .world import PLACES, PROVINCE_OF, World, build_world

pytestmark = pytest.mark.django_db

# ------------------------------------------------------------------ who holds what, where

# Each persona's grants as (role, level, place): the conftest personas restated.
GRANTS = {
    "admin": [(Role.ADMINISTRATOR, "national", None)],
    "province_admin": [(Role.ADMINISTRATOR, "province", "HY")],
    "centre_staff": [(Role.CENTRE_STAFF, "province", "HY")],
    "leader": [(Role.LEADER, "province", "HY")],
    "finance": [(Role.FINANCE_APPRAISER, "province", "HY")],
    "commune_officer": [(Role.COMMUNE_OFFICER, "commune", "home")],
    "other_officer": [(Role.COMMUNE_OFFICER, "commune", "other")],
    "establishment_rep": [(Role.ESTABLISHMENT_REP, "establishment", "home")],
    "ministry": [(Role.MINISTRY_VIEWER, "national", None)],
    "other_province_staff": [(Role.CENTRE_STAFF, "province", "BN")],
    "other_province_officer": [(Role.COMMUNE_OFFICER, "commune", "far")],
    "outsider": [],
    "anonymous": [],
}
PERSONAS = sorted(GRANTS)


@dataclass(frozen=True)
class Where:
    """A record's place: province code, commune keys, establishment keys."""

    province: str | None
    communes: frozenset = frozenset()
    establishments: frozenset = frozenset()


def covers(level: str, value, where: Where) -> bool:
    return {
        "national": lambda: True,
        "province": lambda: where.province == value,
        "commune": lambda: value in where.communes,
        "establishment": lambda: value in where.establishments,
    }[level]()


def anywhere(persona: str, capability: Can) -> bool:
    return any(role in PERMISSIONS[capability] for role, _level, _value in GRANTS[persona])


def holds(persona: str, capability: Can, where: Where) -> bool:
    return any(
        role in PERMISSIONS[capability] and covers(level, value, where)
        for role, level, value in GRANTS[persona]
    )


def national(persona: str, capability: Can) -> bool:
    return any(role in PERMISSIONS[capability] and level == "national" for role, level, _ in GRANTS[persona])


# ------------------------------------------------------------------ record families


def placed(key: str, *, establishment: bool) -> Where:
    return Where(PROVINCE_OF[key], frozenset({key}), frozenset({key}) if establishment else frozenset())


@dataclass(frozen=True)
class Family:
    keys: tuple
    where: Callable[[str], Where]
    read: Can  # what it takes to see a record of the family
    # Overrides of "holds `read` over `where`" for families with their own rule of visibility.
    visible: Callable[[str, str], bool] | None = None
    allowed: Callable[[str, str, Can], bool] | None = None

    def sees(self, persona: str, key: str) -> bool:
        if self.visible:
            return self.visible(persona, key)
        return holds(persona, self.read, self.where(key))

    def may(self, persona: str, key: str, capability: Can) -> bool:
        if self.allowed:
            return self.allowed(persona, key, capability)
        return holds(persona, capability, self.where(key))


def _document_visible(persona: str, key: str) -> bool:
    if key == "central":  # central documents: every staff member who reads documents
        return anywhere(persona, Can.READ_DOCUMENTS)
    return holds(persona, Can.READ_DOCUMENTS, Where(key))


def _job_visible(persona: str, key: str) -> bool:
    uploader = {"HY": "centre_staff", "BN": "other_province_staff"}[key]
    return persona == uploader or holds(persona, Can.OVERSEE_IMPORTS, Where(key))


def _member_visible(persona: str, key: str) -> bool:
    # A province's administrator manages the users wholly inside it; a national one everyone.
    if national(persona, Can.MANAGE_USERS):
        return True
    return key == "HY" and holds(persona, Can.MANAGE_USERS, Where("HY"))


def _rule_allowed(persona: str, key: str, capability: Can) -> bool:
    if key == "national":
        return national(persona, capability)
    return holds(persona, capability, Where(key))


def _report_allowed(persona: str, key: str, capability: Can) -> bool:
    # The country's report is written by whoever reads it: national scope (the Ministry).
    if key == "national" and capability == Can.WRITE_REPORTS:
        return national(persona, Can.READ_REPORTS)
    return _rule_allowed(persona, key, capability)


def _representative_of(persona: str, key: str, capability: Can = Can.APPLY) -> bool:
    """The portal's applications: only those who apply at establishment level for that establishment."""
    return any(
        role in PERMISSIONS[capability] and level == "establishment" and value == key
        for role, level, value in GRANTS[persona]
    )


PROJECT_WHERE = {key: placed(key, establishment=True) for key in PLACES}


def _represents(persona: str, key: str, capability: Can | None = None) -> bool:
    """The establishment's own pages (portal): only its representatives, whatever else one may read."""
    return any(
        role == Role.ESTABLISHMENT_REP and level == "establishment" and value == key
        for role, level, value in GRANTS[persona]
    )


FAMILIES = {
    "establishment": Family(PLACES, lambda k: placed(k, establishment=True), Can.READ_REGISTRY),
    "village": Family(PLACES, lambda k: placed(k, establishment=False), Can.READ_REGISTRY),
    "need": Family(PLACES, lambda k: placed(k, establishment=True), Can.READ_REGISTRY),
    "product": Family(PLACES, lambda k: placed(k, establishment=True), Can.READ_REGISTRY),
    "project": Family(PLACES, PROJECT_WHERE.get, Can.READ_PROJECTS),
    "own_project": Family(
        PLACES, PROJECT_WHERE.get, Can.READ_PROJECTS, visible=_represents, allowed=_represents
    ),
    "document": Family(
        ("HY", "BN", "central"),
        Where,
        Can.READ_DOCUMENTS,
        visible=_document_visible,
        allowed=lambda persona, key, capability: _document_visible(persona, key),
    ),
    "plan": Family(("HY", "BN"), Where, Can.READ_PLANS),
    "province": Family(("HY", "BN"), Where, Can.READ_PLANS),
    "job": Family(("HY", "BN"), Where, Can.MANAGE_REGISTRY, visible=_job_visible),
    "rule": Family(
        ("national", "HY", "BN"),
        Where,
        Can.READ_RULES,
        visible=lambda persona, key: True,  # rules are public law; editing is what is guarded
        allowed=_rule_allowed,
    ),
    # An activity is seen and run through its project (activities/models/base.py).
    "course": Family(PLACES, PROJECT_WHERE.get, Can.READ_PROJECTS),
    "event": Family(PLACES, PROJECT_WHERE.get, Can.READ_PROJECTS),
    "media": Family(PLACES, PROJECT_WHERE.get, Can.READ_PROJECTS),
    "contest": Family(PLACES, PROJECT_WHERE.get, Can.READ_PROJECTS),
    # A province's periodic report to whoever holds the capability over it; the country's to national scope.
    "report": Family(
        ("HY", "BN", "national"),
        Where,
        Can.READ_REPORTS,
        visible=lambda persona, key: _rule_allowed(persona, key, Can.READ_REPORTS),
        allowed=_report_allowed,
    ),
    # A trainee's personal data: over the course's province, the trainee's commune or establishment.
    "trainee": Family(PLACES, lambda k: placed(k, establishment=True), Can.READ_PERSONAL_DATA),
    # A claim is decided where its establishment is (portal/claims.py).
    "claim": Family(PLACES, lambda k: placed(k, establishment=False), Can.CONFIRM_CLAIMS),
    # Published calls are public; editing is the province's (portal/calls.py).
    "call": Family(("HY", "BN"), Where, Can.MANAGE_CALLS, visible=lambda persona, key: True),
    "application": Family(
        PLACES,
        lambda k: placed(k, establishment=True),
        Can.APPLY,
        visible=_representative_of,
        allowed=_representative_of,
    ),
    "member": Family(
        ("HY", "BN", "national"),
        Where,
        Can.MANAGE_USERS,
        visible=_member_visible,
        allowed=lambda persona, key, capability: _member_visible(persona, key),
    ),
}


# ------------------------------------------------------------------ the URLs


@dataclass(frozen=True)
class Spec:
    kind: str  # "public", "signed_in", "gated" (a capability anywhere), "record"
    gate: Can | None = None
    family: str | None = None
    act: Can | None = None
    args: Callable[[World, str], list] | None = None
    # A POST-only view answers GET with 405 at the point its decorators check the method:
    # "first" (before signing in is asked), "after_login", or "after_gate".
    post_only: str | None = None
    lists: tuple = ()  # families whose names the page may show, only in scope
    # A public page's answer to a GET: (anonymous, signed in).
    answers: tuple[int, int] | None = None


def _pk(attr):
    return lambda w, key: [getattr(w, attr)[key].pk]


def _project(*extra):
    return lambda w, key: [w.projects[key].pk, *(f(w.projects[key]) for f in extra)]


def public(anonymous: int, signed_in: int | None = None) -> Spec:
    return Spec("public", answers=(anonymous, anonymous if signed_in is None else signed_in))


PUBLIC = public(200)
SIGNED_IN = Spec("signed_in")


def gated(capability, *lists):
    return Spec("gated", gate=capability, lists=lists)


def record(family, act, args, gate=None, **kw):
    return Spec("record", gate=gate, family=family, act=act, args=args, **kw)


def _item(project):
    return project.dossier_items.exclude(file="").first().pk


def _payment(project):
    return project.payments.first().pk


def _milestone(project):
    return project.milestones.first().pk


def _visit(project):
    return project.visits.first().pk


def _photo(project):
    return project.visits.first().photos.first().pk


def _trainee_list(w, key):
    course = w.courses[key]
    return [course.pk, course.trainee_imports.get().pk]


def _contest_certificate(w, key):
    return [w.contests[key].entries.get().certificate.pk]


def _assignment(w, key):
    member = w.members[key]
    return [member.pk, member.role_assignments.get().pk]


READ_PROJECT = Can.READ_PROJECTS


def _first_quarter(w, key):
    """This year's first quarterly report to the Ministry (reports/legal_data/duties.py)."""
    year = timezone.localdate().year
    unit = w.provinces[key].pk
    return [unit, "province_quarterly", f"{year}-01-01", f"{year}-03-31", unit]


EVENT_PARTS = ("member", "tender", "participant", "exhibitor", "booth")


def _event_part(part):
    def args(w, key):
        event = w.events[key]
        records = {
            "member": lambda: event.board.members,
            "tender": lambda: event.tenders,
            "participant": lambda: event.participants,
            "exhibitor": lambda: event.exhibitors,
            "booth": lambda: event.booths,
        }
        return [event.pk, records[part]().first().pk]

    return args


SPECS: dict[str, Spec] = {
    "home": SIGNED_IN,
    "set_language": public(302),  # back to the page the language was chosen on
    "accounts:login": public(200, 302),  # a signed-in user is sent on
    "accounts:logout": public(405),  # POST only
    "accounts:password_change": SIGNED_IN,
    "accounts:password_change_done": SIGNED_IN,
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": PUBLIC,
    "accounts:password_reset_complete": PUBLIC,
    "accounts:user_list": gated(Can.MANAGE_USERS, "member"),
    "accounts:user_invite": gated(Can.MANAGE_USERS),
    "accounts:user_detail": record("member", Can.MANAGE_USERS, _pk("members"), gate=Can.MANAGE_USERS),
    "accounts:role_revoke": record(
        "member", Can.MANAGE_USERS, _assignment, gate=Can.MANAGE_USERS, post_only="after_gate"
    ),
    "geo:units": PUBLIC,
    # The establishment's own pages: its projects in plain words (no capability asked; its own only) and its inbox.
    "portal:my_projects": SIGNED_IN,
    "portal:my_project": record("own_project", Can.APPLY, _project()),
    "portal:my_project_send": record("own_project", Can.APPLY, _project(), post_only="first"),
    "portal:my_paper_upload": record("own_project", Can.APPLY, _project(_item), post_only="first"),
    "portal:messages": SIGNED_IN,
    # The portal (docs/self-service.md): the home page and sign-up are public; a signed-in user is
    # sent from sign-up to the portal's home, and the code page without a code asked to sign-up.
    "portal:home": PUBLIC,
    "portal:signup": public(200, 302),
    "portal:signup_verify": public(302),
    "portal:claim": SIGNED_IN,
    "portal:claim_list": gated(Can.CONFIRM_CLAIMS, "claim"),
    "portal:claim_detail": record("claim", Can.CONFIRM_CLAIMS, _pk("claims"), gate=Can.CONFIRM_CLAIMS),
    # The portal: calls for proposals and the guided application (docs/self-service.md).
    "portal:call_list": PUBLIC,
    "portal:call_detail": Spec("public", answers=(200, 200), args=lambda w, k: [w.calls["HY"].pk]),
    "portal:call_create": gated(Can.MANAGE_CALLS),
    "portal:call_edit": record("call", Can.MANAGE_CALLS, _pk("calls"), gate=Can.MANAGE_CALLS),
    "portal:apply": Spec("gated", gate=Can.APPLY, args=lambda w, k: [w.calls["HY"].pk], post_only="first"),
    "portal:application_step": record(
        "application", Can.APPLY, lambda w, k: [w.applications[k].pk, "eligibility"]
    ),
    "portal:cap_check": record("application", Can.APPLY, _pk("applications")),
    # Registry.
    "registry:establishment_list": gated(Can.READ_REGISTRY, "establishment"),
    "registry:establishment_export": gated(Can.READ_REGISTRY, "establishment"),
    "registry:establishment_export_csv": gated(Can.READ_REGISTRY, "establishment"),
    "registry:establishment_create": gated(Can.EDIT_REGISTRY),
    "registry:establishment_pick": gated(Can.READ_REGISTRY, "establishment"),
    "registry:establishment_detail": record("establishment", Can.READ_REGISTRY, _pk("registry")),
    "registry:establishment_edit": record("establishment", Can.EDIT_REGISTRY, _pk("registry")),
    "registry:establishment_delete": record("establishment", Can.MANAGE_REGISTRY, _pk("registry")),
    "registry:establishment_history": record("establishment", Can.READ_REGISTRY, _pk("registry")),
    "registry:need_create": record("establishment", Can.EDIT_REGISTRY, _pk("registry")),
    "registry:product_create": record("establishment", Can.EDIT_REGISTRY, _pk("registry")),
    "registry:product_edit": record("product", Can.EDIT_REGISTRY, _pk("products")),
    "registry:certification_add": record("product", Can.EDIT_REGISTRY, _pk("products")),
    "registry:product_delete": record("product", Can.EDIT_REGISTRY, _pk("products")),
    "registry:need_list": gated(Can.READ_REGISTRY, "establishment"),
    "registry:need_export": gated(Can.READ_REGISTRY, "establishment"),
    "registry:need_export_csv": gated(Can.READ_REGISTRY, "establishment"),
    "registry:need_create_contact": gated(Can.EDIT_REGISTRY),
    "registry:need_detail": record("need", Can.READ_REGISTRY, _pk("needs")),
    "registry:need_edit": record("need", Can.EDIT_REGISTRY, _pk("needs")),
    "registry:need_transition": record(
        "need", Can.REVIEW_NEEDS, lambda w, k: [w.needs[k].pk, "review"], post_only="after_login"
    ),
    "registry:village_list": gated(Can.READ_REGISTRY, "village"),
    "registry:village_export": gated(Can.READ_REGISTRY, "village"),
    "registry:village_export_csv": gated(Can.READ_REGISTRY, "village"),
    "registry:village_create": gated(Can.MANAGE_REGISTRY),
    "registry:village_detail": record("village", Can.READ_REGISTRY, _pk("villages")),
    "registry:village_edit": record("village", Can.MANAGE_REGISTRY, _pk("villages")),
    "registry:import_upload": gated(Can.MANAGE_REGISTRY, "job"),
    "registry:import_job": record("job", Can.MANAGE_REGISTRY, _pk("jobs"), gate=Can.MANAGE_REGISTRY),
    "registry:import_confirm": record(
        "job", Can.MANAGE_REGISTRY, _pk("jobs"), gate=Can.MANAGE_REGISTRY, post_only="after_gate"
    ),
    "registry:import_invalid_rows": record("job", Can.MANAGE_REGISTRY, _pk("jobs"), gate=Can.MANAGE_REGISTRY),
    # Documents.
    "documents:list": gated(Can.READ_DOCUMENTS, "document"),
    "documents:create": gated(Can.EDIT_DOCUMENTS),
    "documents:detail": record("document", Can.READ_DOCUMENTS, _pk("documents"), gate=Can.READ_DOCUMENTS),
    "documents:file": record("document", Can.READ_DOCUMENTS, _pk("documents"), gate=Can.READ_DOCUMENTS),
    # Plans and rules.
    "plans:index": gated(Can.READ_PLANS, "plan"),
    "plans:plan_create": gated(Can.MANAGE_PLANS),
    "plans:rules": gated(Can.READ_RULES),
    "plans:rule_create": Spec("gated", gate=Can.EDIT_RULES, args=lambda w, k: ["support"]),
    "plans:rule_edit": record(
        "rule", Can.EDIT_RULES, lambda w, k: ["support", w.rules[k].pk], gate=Can.EDIT_RULES
    ),
    "plans:plan_edit": record("plan", Can.MANAGE_PLANS, _pk("plans"), gate=Can.MANAGE_PLANS),
    "plans:batch_create": record("plan", Can.MANAGE_PLANS, _pk("plans"), gate=Can.MANAGE_PLANS),
    "plans:batch_edit": record("plan", Can.MANAGE_PLANS, _pk("batches"), gate=Can.MANAGE_PLANS),
    "reports:batch_detail": record("plan", Can.READ_PLANS, _pk("batches"), gate=Can.READ_PLANS),
    "plans:batch_adjust": record("plan", Can.MANAGE_PLANS, _pk("batches"), gate=Can.MANAGE_PLANS),
    "reports:execution": record(
        "province", Can.READ_PLANS, lambda w, k: [w.provinces[k].pk, w.plans[k].year], gate=Can.READ_PLANS
    ),
    "reports:execution_json": record(
        "province", Can.READ_PLANS, lambda w, k: [w.provinces[k].pk, w.plans[k].year], gate=Can.READ_PLANS
    ),
    "reports:execution_xlsx": record(
        "province", Can.READ_PLANS, lambda w, k: [w.provinces[k].pk, w.plans[k].year], gate=Can.READ_PLANS
    ),
    "reports:execution_csv": record(
        "province", Can.READ_PLANS, lambda w, k: [w.provinces[k].pk, w.plans[k].year], gate=Can.READ_PLANS
    ),
    "reports:overview_csv": Spec("gated", gate=Can.READ_PLANS, args=lambda w, k: [w.plans["HY"].year]),
    "reports:overview": Spec("gated", gate=Can.READ_PLANS, args=lambda w, k: [w.plans["HY"].year]),
    "reports:overview_xlsx": Spec("gated", gate=Can.READ_PLANS, args=lambda w, k: [w.plans["HY"].year]),
    # -- the periodic report
    # Its POST opens a period's report: a province's writers, or national readers for the country.
    "reports:report_index": gated(Can.READ_REPORTS, "report"),
    "reports:report_detail": record("report", Can.READ_REPORTS, _pk("reports"), gate=Can.READ_REPORTS),
    "reports:report_records": record(
        "report", Can.READ_REPORTS, lambda w, k: [w.reports[k].pk, "local_plan"], gate=Can.READ_REPORTS
    ),
    "reports:report_edit": record("report", Can.WRITE_REPORTS, _pk("reports"), gate=Can.READ_REPORTS),
    "reports:report_file": record(
        "report", Can.READ_REPORTS, lambda w, k: [w.reports[k].pk, 1, "json"], gate=Can.READ_REPORTS
    ),
    "reports:report_run_start": record(
        "report", Can.READ_REPORTS, _pk("reports"), gate=Can.READ_REPORTS, post_only="first"
    ),
    "reports:report_run_file": record(
        "report", Can.READ_REPORTS, lambda w, k: [w.reports[k].pk, "xlsx"], gate=Can.READ_REPORTS
    ),
    # Reports: the reporting duties of a province (reports/views/duties.py).
    "reports:duties": gated(Can.READ_PLANS),
    "reports:duty_year": record(
        "province", Can.READ_PLANS, lambda w, k: [w.provinces[k].pk, w.plans[k].year], gate=Can.READ_PLANS
    ),
    "reports:duty_history": record("province", Can.READ_PLANS, _pk("provinces"), gate=Can.READ_PLANS),
    "reports:duty_send": record("province", Can.MANAGE_PLANS, _first_quarter, gate=Can.MANAGE_PLANS),
    # The dashboards read plans: each persona's own provinces (every province for a national grant).
    "reports:dashboard": gated(Can.READ_PLANS),
    "reports:dashboard_xlsx": Spec("gated", gate=Can.READ_PLANS, args=lambda w, k: ["execution"]),
    # Projects.
    "projects:list": gated(Can.READ_PROJECTS, "project"),
    "projects:export": gated(Can.READ_PROJECTS, "project"),
    "projects:export_csv": gated(Can.READ_PROJECTS, "project"),
    "projects:create": gated(Can.APPLY),
    "projects:overdue": gated(Can.READ_PROJECTS, "project"),
    "projects:plan_deadline_done": record(
        "province",
        Can.MANAGE_PLANS,
        lambda w, k: [w.provinces[k].pk, timezone.localdate().year + 1, "registration"],
        gate=Can.MANAGE_PLANS,
        post_only="after_gate",
    ),
    # Asks first (GET), undoes on POST; the world holds a mark of each province's submission.
    "projects:plan_deadline_undo": record(
        "province",
        Can.MANAGE_PLANS,
        lambda w, k: [w.provinces[k].pk, timezone.localdate().year + 1, "submission"],
        gate=Can.MANAGE_PLANS,
    ),
    "projects:detail": record("project", READ_PROJECT, _project(), gate=READ_PROJECT),
    "projects:edit": record("project", Can.APPLY, _project()),
    "projects:estimate": record("project", Can.APPLY, _project()),
    "projects:timeline": record("project", READ_PROJECT, _project(), gate=READ_PROJECT),
    "projects:priority": record("project", Can.DECIDE_PROJECTS, _project()),
    "projects:adjust": record("project", Can.DECIDE_PROJECTS, _project()),
    "projects:dossier_upload": record("project", Can.APPLY, _project(_item)),
    "projects:dossier_review": record("project", Can.RUN_PROJECTS, _project(_item), post_only="first"),
    "projects:dossier_file": record("project", READ_PROJECT, _project(_item)),
    # Pre-filled papers (docs/self-service.md): whoever may read the project.
    "projects:paper": record("project", READ_PROJECT, _project(lambda p: "proposal"), gate=READ_PROJECT),
    "projects:paper_pdf": record("project", READ_PROJECT, _project(lambda p: "estimate"), gate=READ_PROJECT),
    "projects:payment_create": record("project", Can.RUN_PROJECTS, _project()),
    "projects:payment_reverse": record("project", Can.RUN_PROJECTS, _project(_payment)),
    "projects:milestone_create": record("project", Can.RUN_PROJECTS, _project()),
    "projects:milestone_done": record("project", Can.RUN_PROJECTS, _project(_milestone), post_only="first"),
    "projects:report_create": record("project", Can.APPLY, _project()),
    "projects:visit_create": record("project", Can.VISIT, _project()),
    "projects:from_need": record("need", Can.RUN_PROJECTS, _pk("needs"), post_only="after_login"),
    # -- the portal: needs in plain words, the commune officer's page and phone visit form
    "portal:need_new": gated(Can.EDIT_REGISTRY),
    "portal:my_needs": SIGNED_IN,
    "portal:commune": gated(Can.VISIT, "establishment", "project"),
    "portal:visit_new": record("project", Can.VISIT, _project()),
    "projects:visit_photo": record("project", READ_PROJECT, _project(_photo)),
    "projects:visit_follow_up": record("project", Can.VISIT, _project(_visit)),
    # Activities.
    "activities:index": gated(Can.READ_PROJECTS, "course", "event", "media"),
    # -- training (courses, sessions, attendance, trainees, import, certificates)
    "activities:course_list": gated(Can.READ_PROJECTS, "course"),
    "activities:course_export": gated(Can.READ_PROJECTS, "course"),
    "activities:course_export_csv": gated(Can.READ_PROJECTS, "course"),
    "activities:course_create": record("project", Can.RUN_PROJECTS, _project()),
    "activities:course_detail": record("course", READ_PROJECT, _pk("courses")),
    "activities:course_edit": record("course", Can.RUN_PROJECTS, _pk("courses")),
    "activities:course_delete": record("course", Can.RUN_PROJECTS, _pk("courses")),
    "activities:course_results": record("course", Can.RUN_PROJECTS, _pk("courses")),
    "activities:session_create": record("course", Can.RUN_PROJECTS, _pk("courses")),
    "activities:session_attendance": record("course", Can.RUN_PROJECTS, _pk("sessions")),
    "activities:trainee_create": record("course", Can.RUN_PROJECTS, _pk("courses")),
    # Personal data: only those who may read it get the list at all (403 for the others).
    "activities:trainee_list": gated(Can.READ_PERSONAL_DATA, "trainee"),
    "activities:trainee_export": gated(Can.READ_PERSONAL_DATA, "trainee"),
    "activities:trainee_export_csv": gated(Can.READ_PERSONAL_DATA, "trainee"),
    "activities:trainee_edit": record("trainee", Can.RUN_PROJECTS, _pk("trainees")),
    "activities:trainee_delete": record("trainee", Can.RUN_PROJECTS, _pk("trainees")),
    "activities:trainee_import": record("course", Can.RUN_PROJECTS, _pk("courses")),
    "activities:trainee_import_job": record("course", Can.RUN_PROJECTS, _trainee_list),
    "activities:trainee_import_confirm": record(
        "course", Can.RUN_PROJECTS, _trainee_list, post_only="after_login"
    ),
    "activities:trainee_import_invalid": record("course", Can.RUN_PROJECTS, _trainee_list),
    "activities:course_certificates": record("course", Can.RUN_PROJECTS, _pk("courses")),
    "activities:course_certificates_pdf": record("course", Can.RUN_PROJECTS, _pk("courses")),
    # A certificate shows a trainee's personal data: 404 without it, 403 without running the project.
    "activities:trainee_certificate": record("trainee", Can.RUN_PROJECTS, _pk("trainees")),
    "activities:trainee_certificate_pdf": record("trainee", Can.RUN_PROJECTS, _pk("trainees")),
    # -- events (conferences, fairs, boards, tenders, participants, exhibitors, booths)
    "activities:event_list": gated(Can.READ_PROJECTS, "event"),
    "activities:event_export": gated(Can.READ_PROJECTS, "event"),
    "activities:event_export_csv": gated(Can.READ_PROJECTS, "event"),
    "activities:event_create": record("project", Can.RUN_PROJECTS, _project()),
    "activities:event_detail": record("event", READ_PROJECT, _pk("events")),
    "activities:event_edit": record("event", Can.RUN_PROJECTS, _pk("events")),
    "activities:event_delete": record("event", Can.RUN_PROJECTS, _pk("events")),
    "activities:event_results": record("event", Can.RUN_PROJECTS, _pk("events")),
    "activities:event_cancel": record("event", Can.RUN_PROJECTS, _pk("events")),
    "activities:event_board": record("event", Can.RUN_PROJECTS, _pk("events")),
    **{
        f"activities:event_{part}_create": record("event", Can.RUN_PROJECTS, _pk("events"))
        for part in EVENT_PARTS
    },
    **{
        f"activities:event_{part}_{act}": record("event", Can.RUN_PROJECTS, _event_part(part))
        for part in EVENT_PARTS
        for act in ("edit", "delete")
    },
    "activities:event_participant_attended": record(
        "event", Can.RUN_PROJECTS, _event_part("participant"), post_only="first"
    ),
    # -- contests (rounds, entries, jury, results, certificates)
    "activities:contest_list": gated(Can.READ_PROJECTS, "contest"),
    "activities:contest_certificate": record("contest", READ_PROJECT, _contest_certificate),
    "activities:contest_certificate_pdf": record("contest", READ_PROJECT, _contest_certificate),
    "activities:contest_certificates": gated(Can.READ_PROJECTS, "contest"),
    "activities:contest_create": record("project", Can.RUN_PROJECTS, _project()),
    "activities:contest_detail": record("contest", READ_PROJECT, _pk("contests")),
    "activities:contest_entry_create": record("contest", Can.RUN_PROJECTS, _pk("contests")),
    "activities:contest_jury_add": record("contest", Can.RUN_PROJECTS, _pk("contests")),
    "activities:contest_scores": record(
        "contest", Can.RUN_PROJECTS, lambda w, k: [w.contests[k].pk, w.contests[k].jury.get().pk]
    ),
    "activities:contest_decide": record("contest", Can.RUN_PROJECTS, _pk("contests")),
    "activities:contest_entry_file": record(
        "contest", READ_PROJECT, lambda w, k: [w.contests[k].entries.get().pk, "dossier"]
    ),
    # -- media items
    "activities:media_list": gated(Can.READ_PROJECTS, "media"),
    "activities:media_export": gated(Can.READ_PROJECTS, "media"),
    "activities:media_export_csv": gated(Can.READ_PROJECTS, "media"),
    "activities:media_create": record("project", Can.RUN_PROJECTS, _project()),
    "activities:media_detail": record("media", READ_PROJECT, _pk("media")),
    "activities:media_edit": record("media", Can.RUN_PROJECTS, _pk("media")),
    "activities:media_delete": record("media", Can.RUN_PROJECTS, _pk("media")),
    "activities:media_file": record("media", READ_PROJECT, _pk("media")),
}
# A step or an appraisal is one URL with a parameter: each value is checked as its own line.
VARIANTS = {
    "projects:step": {
        action: record("project", step.capability, _project(lambda p, a=action: a))
        for action, step in STEPS.items()
    },
    "projects:appraisal": {
        "centre": record("project", Can.RUN_PROJECTS, _project(lambda p: "centre")),
        "finance": record("project", Can.APPRAISE_FINANCE, _project(lambda p: "finance")),
    },
}
FIXED_ARGS = {"accounts:password_reset_confirm": ["MQ", "set-password"]}
# Served by the development server only (DEBUG): public product photos.
UNNAMED_ALLOWED = {r"^media/(?P<path>.*)$"}


def url_names() -> list[str]:
    """Every named URL of the project (Django's own admin is tested on its own below)."""
    names = []

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if ns != "admin":
                    walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern):
                if pattern.name is None:
                    assert str(pattern.pattern) in UNNAMED_ALLOWED, f"unnamed URL {pattern.pattern}"
                    continue
                names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_url_of_the_urlconf_has_a_line_in_the_matrix():
    missing = [name for name in url_names() if name not in SPECS and name not in VARIANTS]
    assert missing == [], f"URLs the scope matrix does not check: {missing}"
    unknown = [name for name in [*SPECS, *VARIANTS] if name not in url_names()]
    assert unknown == [], f"matrix lines for URLs that no longer exist: {unknown}"


def test_the_permission_table_keeps_its_promises():
    """The policy facts the rest of the matrix leans on, stated once in words."""
    readers = {Role.LEADER, Role.FINANCE_APPRAISER, Role.MINISTRY_VIEWER}
    for capability in (Can.EDIT_REGISTRY, Can.MANAGE_REGISTRY, Can.APPLY, Can.RUN_PROJECTS):
        assert not readers & PERMISSIONS[capability], capability
    # Leaders register the decisions they sign; the Ministry and the finance appraiser only read.
    assert not {Role.FINANCE_APPRAISER, Role.MINISTRY_VIEWER} & PERMISSIONS[Can.EDIT_DOCUMENTS]
    project_steps = {step.capability for step in STEPS.values()}
    assert all(Role.ADMINISTRATOR not in PERMISSIONS[c] for c in project_steps)  # segregation of duties
    assert PERMISSIONS[Can.MANAGE_USERS] == {Role.ADMINISTRATOR}
    assert PERMISSIONS[Can.MANAGE_CALLS] == {Role.CENTRE_STAFF, Role.LEADER}
    assert PERMISSIONS[Can.EDIT_RULES] == {Role.ADMINISTRATOR}
    assert Role.MINISTRY_VIEWER not in PERMISSIONS[Can.READ_PERSONAL_DATA]
    assert Role.LEADER not in PERMISSIONS[Can.READ_PERSONAL_DATA]
    # Who knows a place's establishments confirms who represents them (docs/self-service.md).
    assert PERMISSIONS[Can.CONFIRM_CLAIMS] == {Role.CENTRE_STAFF, Role.COMMUNE_OFFICER}


# ------------------------------------------------------------------ expectations


def expected(spec: Spec, persona: str, key: str | None, method: str) -> int | None:
    """The exact status; None for a POST to a public page (Django's own forms: signing out
    would end the persona's session), which each screen's own test covers."""
    get = method == "GET"
    if spec.kind == "public":
        return spec.answers[persona != "anonymous"] if get else None
    if get and spec.post_only == "first":
        return 405
    if persona == "anonymous":
        return 302
    if get and spec.post_only == "after_login":
        return 405
    if spec.kind in ("public", "signed_in"):
        return 200
    if spec.gate and not anywhere(persona, spec.gate):
        return 403
    if get and spec.post_only == "after_gate":
        return 405
    if spec.kind == "gated":
        return 200
    family = FAMILIES[spec.family]
    if not family.sees(persona, key):
        return 404
    if not family.may(persona, key, spec.act):
        return 403
    return 200


def lines():
    """(name, variant, spec) for every URL line."""
    for name, spec in SPECS.items():
        yield name, None, spec
    for name, variants in VARIANTS.items():
        for variant, spec in variants.items():
            yield name, variant, spec


def keys_of(spec: Spec):
    return FAMILIES[spec.family].keys if spec.kind == "record" else (None,)


def url_for(world: World, name: str, spec: Spec, key) -> str:
    if name in FIXED_ARGS:
        return reverse(name, args=FIXED_ARGS[name])
    return reverse(name, args=spec.args(world, key) if spec.args else [])


# ------------------------------------------------------------------ nothing changed


def fingerprint() -> str:
    """Every row the screens write, so that a refused request is seen to write nothing."""
    from django.apps import apps

    digest = hashlib.sha256()
    skipped = {"django_session", "accounts_loginthrottle", "django_tasks_db_dbtaskresult"}
    for model in apps.get_models():
        if model._meta.db_table in skipped or model._meta.app_label in ("geo", "contenttypes", "auth"):
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "last_login"]
        for row in model._base_manager.order_by("pk").values_list(*fields):
            digest.update(repr((model._meta.label, row)).encode())
    return digest.hexdigest()


def body_text(response) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        sheets = load_workbook(io.BytesIO(response.content), read_only=True)
        return " ".join(
            str(cell) for sheet in sheets for row in sheet.iter_rows(values_only=True) for cell in row if cell
        )
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="ignore")
    return response.content.decode(errors="ignore")


# The name a refused page of a family must not show.
SECRET_OF = {
    "product": "establishment",
    "need": "establishment",
    "province": "plan",
    "own_project": "project",
}

POST_DATA = {
    "name": "Đã bị sửa",
    "title": "Đã bị sửa",
    "reason": "thử",
    "legal_form": "household",
    "voucher_number": "X-1",
    "status": "accepted",
    "role": "administrator",
    "scope_level": "national",
}


@pytest.fixture(scope="module")
def world_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("world")


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, world_folder):
    """As conftest's, but every test of the module finds the files the shared world wrote."""
    isolate(settings, world_folder)


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker, world_folder):
    """The two-province world, built once for the module inside a transaction rolled back after its
    last test (as conftest's `demo`); each test runs in a savepoint of its own, so what one test
    changes (a role given, a rule edited) the next does not see. Building it takes seconds, and
    every persona's test reads the same world."""
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(**isolated_settings(world_folder)):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            communes = make_hy_communes()
            registry = make_registry(communes)
            yield build_world(make_personas(communes, registry), registry, communes)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(shared_world, db):
    return shared_world


def client_for(world: World, persona: str) -> Client:
    client = Client(raise_request_exception=False)
    if persona != "anonymous":
        client.force_login(world.personas[persona])
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_answers_each_persona_exactly_and_refusals_change_nothing(world, persona):
    client = client_for(world, persona)
    before = fingerprint()
    wrong = []
    for name, variant, spec in lines():
        for key in keys_of(spec):
            url = url_for(world, name, spec, key)
            family = FAMILIES.get(spec.family)
            hidden = family is not None and not family.sees(persona, key)
            secret = (
                world.secrets(SECRET_OF.get(spec.family, spec.family), key)
                if hidden and spec.family != "rule"
                else None
            )
            for method in ("GET", "POST"):
                want = expected(spec, persona, key, method)
                if method == "POST" and want in (200, None):
                    continue  # what an allowed POST does is each screen's own test
                response = client.get(url) if method == "GET" else client.post(url, POST_DATA)
                got = response.status_code
                if got != want:
                    wrong.append(f"{method} {url} ({name} {variant or ''} {key}): {got}, expected {want}")
                elif secret and secret in body_text(response):
                    wrong.append(f"{method} {url}: refused but shows “{secret}”")
                if want == 302 and got == 302 and persona == "anonymous" and spec.kind != "public":
                    assert "/accounts/login/" in response["Location"], url
    assert wrong == [], "\n".join(wrong)
    assert fingerprint() == before, f"a refused request by {persona} changed the database"


def test_every_post_only_view_answers_a_get_with_405_naming_post(world):
    """A GET (a link followed, a page reloaded) never takes a step: each POST-only view says 405
    with `Allow: POST`, even to the one user allowed to take it."""
    client = client_for(world, "admin")
    post_only = [(name, spec) for name, _variant, spec in lines() if spec.post_only]
    assert post_only, "the matrix lost its POST-only views"
    for name, spec in post_only:
        for key in keys_of(spec):
            response = client.get(url_for(world, name, spec, key))
            assert response.status_code == 405, name
            assert "POST" in response["Allow"], name


@pytest.mark.parametrize("persona", PERSONAS)
def test_lists_exports_and_pickers_hold_only_what_is_in_scope(world, persona):
    client = client_for(world, persona)
    leaks = []
    for name, _variant, spec in lines():
        if spec.kind != "gated" or not spec.lists or expected(spec, persona, None, "GET") != 200:
            continue
        url = url_for(world, name, spec, None)
        params = {"q": "co so"} if name.endswith("_pick") else {}
        response = client.get(url, params)
        assert response.status_code == 200, url
        text = body_text(response)
        for family_name in spec.lists:
            family = FAMILIES[family_name]
            for key in family.keys:
                if not family.sees(persona, key) and world.secrets(family_name, key) in text:
                    leaks.append(f"{url} shows {family_name} {key} to {persona}")
    assert leaks == [], "\n".join(leaks)


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in ("admin",)])
def test_django_admin_is_closed_to_everyone_but_superusers(world, persona):
    client = client_for(world, persona)
    for url in (
        "/admin/",
        "/admin/registry/establishment/",
        f"/admin/accounts/user/{world.members['HY'].pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], (persona, url)


# ------------------------------------------------------------------ administrators stay in their scope


def test_a_province_administrator_cannot_widen_anyones_scope_nor_reach_another_province(world):
    from khuyencong.accounts.models import RoleAssignment

    admin_hy = world.personas["province_admin"]
    client = client_for(world, "province_admin")
    member = world.members["HY"]
    url = reverse("accounts:user_detail", args=[member.pk])
    attempts = [
        {"role": Role.ADMINISTRATOR, "scope_level": "national"},
        {"role": Role.MINISTRY_VIEWER, "scope_level": "national"},
        {"role": Role.CENTRE_STAFF, "scope_level": "province", "unit": world.provinces["BN"].pk},
        {
            "role": Role.COMMUNE_OFFICER,
            "scope_level": "commune",
            "unit": world.registry["far"].current_commune_id,
        },
        {
            "role": Role.ESTABLISHMENT_REP,
            "scope_level": "establishment",
            "establishment": world.registry["far"].pk,
        },
    ]
    before = fingerprint()
    for data in attempts:
        response = client.post(url, data)
        assert response.status_code == 400, data
    # Nor on themselves.
    self_url = reverse("accounts:user_detail", args=[admin_hy.pk])
    assert client.post(self_url, attempts[0]).status_code == 400
    assert fingerprint() == before
    # Inside the province it works, and the grant is audited under the administrator.
    response = client.post(
        url, {"role": Role.CENTRE_STAFF, "scope_level": "province", "unit": world.provinces["HY"].pk}
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=member, role=Role.CENTRE_STAFF, granted_by=admin_hy).exists()
    # Another province's roles can be neither seen nor revoked.
    bn = world.members["BN"]
    revoke = reverse("accounts:role_revoke", args=[bn.pk, bn.role_assignments.get().pk])
    assert client.post(revoke).status_code == 404
    assert bn.role_assignments.exists()
    listing = client.get(reverse("accounts:user_list")).content.decode()
    assert "member_hy" in listing and "member_bn" not in listing and "member_national" not in listing


def test_a_province_administrator_invites_only_with_a_role_inside_the_province(world):
    from khuyencong.accounts.models import User

    client = client_for(world, "province_admin")
    url = reverse("accounts:user_invite")
    base = {"username": "moi", "full_name": "Người mới", "email": "moi@example.vn"}
    assert client.post(url, base).status_code == 400  # a role is required
    outside = {
        **base,
        "role-role": Role.CENTRE_STAFF,
        "role-scope_level": "province",
        "role-unit": world.provinces["BN"].pk,
    }
    assert client.post(url, outside).status_code == 400
    assert not User.objects.filter(username="moi").exists()
    inside = {**outside, "role-unit": world.provinces["HY"].pk}
    assert client.post(url, inside).status_code == 302
    assert User.objects.get(username="moi").role_assignments.get().unit == world.provinces["HY"]


def test_national_rules_are_edited_only_with_national_scope(world):
    from khuyencong.plans.models import SupportRule

    client = client_for(world, "province_admin")
    national = world.rules["national"]
    data = {
        "activity_code": "1",
        "item_code": "",
        "item_name": "Sửa trái phép",
        "source_kind": "",
        "max_percent": "90",
        "max_amount": "",
        "advance_percent": "",
        "province": "",
        "legal_basis": "Không có",
        "effective_from": "2024-01-01",
        "effective_to": "",
        "version": national.version,
    }
    assert client.post(reverse("plans:rule_edit", args=["support", national.pk]), data).status_code == 403
    # A new row without a province (national) is refused; with another province too.
    new = reverse("plans:rule_create", args=["support"])
    assert client.post(new, data).status_code == 400
    assert client.post(new, {**data, "province": world.provinces["BN"].pk}).status_code == 400
    assert not SupportRule.objects.filter(item_name="Sửa trái phép").exists()
    assert client.post(new, {**data, "province": world.provinces["HY"].pk}).status_code == 302
    assert SupportRule.objects.get(item_name="Sửa trái phép").province == world.provinces["HY"]
    national.refresh_from_db()
    assert national.item_name != "Sửa trái phép"


def test_the_page_of_a_project_works_out_the_users_roles_once(world):
    """A commune officer's project page used to run the same role query for every button."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world, "commune_officer")
    url = reverse("projects:detail", args=[world.projects["home"].pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # The establishments the project supports, with their communes: what a commune grant is checked on.
    people = [
        q for q in queries.captured_queries if '"current_commune_id" AS "current_commune_id" FROM' in q["sql"]
    ]
    assert len(people) == 1, [q["sql"] for q in people]


def test_the_documented_permission_table_is_the_one_in_the_code():
    from pathlib import Path

    from django.conf import settings

    from khuyencong.accounts.management.commands.permissions_table import markdown

    page = (Path(settings.BASE_DIR) / "docs" / "permissions.md").read_text(encoding="utf-8")
    assert markdown() in page, "run `manage.py permissions_table` and paste it into docs/permissions.md"
