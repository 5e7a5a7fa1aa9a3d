"""Who may do what: the one permission table of the system.

A user holds roles, each in a scope (a `RoleAssignment`: the whole country, one province,
one commune or one establishment). A *capability* is one thing a user may do; `PERMISSIONS`
says which roles carry it, and `ROLE_LEVELS` at which scope levels each role may be held.
*Where* a capability may be used is always the scope of the grant that carries it, never the
role alone: `scopes.Scope` does that part. docs/permissions.md is this table in words.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CENTRE_STAFF = "centre_staff", _("Centre staff")
    LEADER = "leader", _("Leader")
    FINANCE_APPRAISER = "finance_appraiser", _("Finance appraiser")
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    ESTABLISHMENT_REP = "establishment_rep", _("Establishment representative")
    MINISTRY_VIEWER = "ministry_viewer", _("Ministry viewer")
    ADMINISTRATOR = "administrator", _("Administrator")


class ScopeLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")
    ESTABLISHMENT = "establishment", _("Establishment")


# Widest first. A grant reaches places at its own level and below, and nobody hands out a
# grant of a wider level than the one they hold (docs/permissions.md, "Granting roles").
LEVEL_RANK = {
    ScopeLevel.NATIONAL: 0,
    ScopeLevel.PROVINCE: 1,
    ScopeLevel.COMMUNE: 2,
    ScopeLevel.ESTABLISHMENT: 3,
}

# The levels each role may be held at: a commune officer never gets a province, the Ministry
# reads the whole country, an administrator runs the whole system or one province's users.
ROLE_LEVELS = {
    Role.CENTRE_STAFF: frozenset({ScopeLevel.PROVINCE}),
    Role.LEADER: frozenset({ScopeLevel.PROVINCE}),
    Role.FINANCE_APPRAISER: frozenset({ScopeLevel.PROVINCE}),
    Role.COMMUNE_OFFICER: frozenset({ScopeLevel.COMMUNE}),
    Role.ESTABLISHMENT_REP: frozenset({ScopeLevel.ESTABLISHMENT}),
    Role.MINISTRY_VIEWER: frozenset({ScopeLevel.NATIONAL}),
    Role.ADMINISTRATOR: frozenset({ScopeLevel.NATIONAL, ScopeLevel.PROVINCE}),
}


class Can(StrEnum):
    """The capabilities. The value is what templates test (`"plans.read" in user_can`)."""

    # Registry: establishments, craft villages, products, needs.
    READ_REGISTRY = "registry.read"
    EDIT_REGISTRY = "registry.edit"  # register and edit establishments, products; record needs
    MANAGE_REGISTRY = "registry.manage"  # delete establishments; craft villages; imports
    REVIEW_NEEDS = "registry.review_needs"
    READ_PERSONAL_DATA = "registry.personal_data"  # a household owner's 12-digit personal ID
    OVERSEE_IMPORTS = "registry.oversee_imports"  # open the imports others uploaded in one's scope
    # Documents (văn bản) and plans.
    READ_DOCUMENTS = "documents.read"
    EDIT_DOCUMENTS = "documents.edit"
    READ_PLANS = "plans.read"
    MANAGE_PLANS = "plans.manage"
    READ_RULES = "rules.read"
    EDIT_RULES = "rules.edit"  # national rows need a national grant; a province's rows its grant
    # Projects (đề án): each step of the lifecycle names one of these.
    READ_PROJECTS = "projects.read"
    APPLY = "projects.apply"  # draft, edit, upload the dossier, submit, report progress
    RUN_PROJECTS = "projects.run"  # the Centre's steps, payments, milestones, dossier review
    DECIDE_PROJECTS = "projects.decide"  # the leader's steps and adjustments
    APPRAISE_FINANCE = "projects.appraise_finance"
    REQUEST_DOCUMENTS = "projects.request_documents"
    READ_CENTRE_APPRAISAL = "projects.read_centre_appraisal"
    READ_FINANCE_APPRAISAL = "projects.read_finance_appraisal"
    VISIT = "projects.visit"  # monitoring visits and their follow-ups
    # Users and their roles.
    MANAGE_USERS = "accounts.manage_users"
    # The periodic report and dashboards (docs/permissions.md "Reports").
    READ_REPORTS = "reports.read"
    WRITE_REPORTS = "reports.write"  # open a period's report, write sections II–IV, save a version
    # The portal (docs/self-service.md): confirm that a person who signed up represents an establishment.
    CONFIRM_CLAIMS = "portal.confirm_claims"
    MANAGE_CALLS = "portal.manage_calls"  # open, edit and publish calls for proposals


ALL_ROLES = frozenset(Role)
# Administrators manage users, rules and the registry, but take no step of a project:
# approving, paying and settling stay with the people who answer for them (ADR 0006).
PERMISSIONS: dict[Can, frozenset[str]] = {
    Can.READ_REGISTRY: ALL_ROLES,
    Can.EDIT_REGISTRY: frozenset(
        {Role.ADMINISTRATOR, Role.CENTRE_STAFF, Role.COMMUNE_OFFICER, Role.ESTABLISHMENT_REP}
    ),
    Can.MANAGE_REGISTRY: frozenset({Role.ADMINISTRATOR, Role.CENTRE_STAFF}),
    Can.REVIEW_NEEDS: frozenset({Role.ADMINISTRATOR, Role.CENTRE_STAFF, Role.LEADER}),
    Can.READ_PERSONAL_DATA: frozenset(
        {Role.ADMINISTRATOR, Role.CENTRE_STAFF, Role.COMMUNE_OFFICER, Role.ESTABLISHMENT_REP}
    ),
    Can.OVERSEE_IMPORTS: frozenset({Role.ADMINISTRATOR}),
    Can.READ_DOCUMENTS: frozenset(
        {Role.ADMINISTRATOR, Role.CENTRE_STAFF, Role.LEADER, Role.FINANCE_APPRAISER, Role.MINISTRY_VIEWER}
    ),
    Can.EDIT_DOCUMENTS: frozenset({Role.ADMINISTRATOR, Role.CENTRE_STAFF, Role.LEADER}),
    Can.READ_PLANS: frozenset(
        {Role.ADMINISTRATOR, Role.CENTRE_STAFF, Role.LEADER, Role.FINANCE_APPRAISER, Role.MINISTRY_VIEWER}
    ),
    Can.MANAGE_PLANS: frozenset({Role.ADMINISTRATOR, Role.CENTRE_STAFF, Role.LEADER}),
    Can.READ_RULES: frozenset(
        {Role.ADMINISTRATOR, Role.CENTRE_STAFF, Role.LEADER, Role.FINANCE_APPRAISER, Role.MINISTRY_VIEWER}
    ),
    Can.EDIT_RULES: frozenset({Role.ADMINISTRATOR}),
    Can.READ_PROJECTS: ALL_ROLES,
    Can.APPLY: frozenset({Role.CENTRE_STAFF, Role.ESTABLISHMENT_REP}),
    Can.RUN_PROJECTS: frozenset({Role.CENTRE_STAFF}),
    Can.DECIDE_PROJECTS: frozenset({Role.LEADER}),
    Can.APPRAISE_FINANCE: frozenset({Role.FINANCE_APPRAISER}),
    # Either appraiser may find the dossier short and ask for more.
    Can.REQUEST_DOCUMENTS: frozenset({Role.CENTRE_STAFF, Role.FINANCE_APPRAISER}),
    # Each appraiser reads only their own step; the leader, who concludes, reads both.
    Can.READ_CENTRE_APPRAISAL: frozenset({Role.CENTRE_STAFF, Role.LEADER}),
    Can.READ_FINANCE_APPRAISAL: frozenset({Role.FINANCE_APPRAISER, Role.LEADER}),
    # Where the Centre has no staff in a commune, its officer makes the visit.
    Can.VISIT: frozenset({Role.CENTRE_STAFF, Role.COMMUNE_OFFICER}),
    Can.MANAGE_USERS: frozenset({Role.ADMINISTRATOR}),
    # Reports are aggregates of a province: read by whoever reads its plans; written by the
    # Centre, whose Department sends them, and by the leader who signs them.
    Can.READ_REPORTS: frozenset(
        {Role.ADMINISTRATOR, Role.CENTRE_STAFF, Role.LEADER, Role.FINANCE_APPRAISER, Role.MINISTRY_VIEWER}
    ),
    Can.WRITE_REPORTS: frozenset({Role.CENTRE_STAFF, Role.LEADER}),
    # Who knows the establishments of a place: the Centre of its province and its commune's officer.
    Can.CONFIRM_CLAIMS: frozenset({Role.CENTRE_STAFF, Role.COMMUNE_OFFICER}),
    Can.MANAGE_CALLS: frozenset({Role.CENTRE_STAFF, Role.LEADER}),
}


def roles_with(capability: Can) -> frozenset[str]:
    return PERMISSIONS[capability]
