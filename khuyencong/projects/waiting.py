"""The projects that wait for someone, by what they wait for: one definition for a home page's list
(khuyencong/home.py, the first few) and the project list it links to (`?waiting=<name>`, all of them),
so that "See all" shows the same projects as the count beside it."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .models import PAYABLE, Appraisal, Payment, Status


def _status(*statuses):
    return lambda projects: projects.filter(status__in=statuses)


def _to_pay(projects):
    """Approved projects whose money is not all paid: less than the settled amount once settled, else
    than the approved support (the same limit as Project.payment_limit). A stopped project waits for
    its settlement first, so it is not listed until then."""
    paid = (
        Payment.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return (
        projects.filter(status__in=PAYABLE - {Status.STOPPED})
        .annotate(paid=Coalesce(Subquery(paid), 0))
        .filter(paid__lt=Coalesce("settled_amount", "approved_support"))
    )


def _finance_appraisal(projects):
    done = Appraisal.objects.filter(project=OuterRef("pk"), step=Appraisal.Step.FINANCE)
    return projects.filter(status=Status.UNDER_APPRAISAL, source__finance_appraisal=True).exclude(
        Exists(done)
    )


def _to_conclude(projects):
    done = Appraisal.objects.filter(project=OuterRef("pk"), step=Appraisal.Step.CENTRE)
    return projects.filter(status=Status.UNDER_APPRAISAL).filter(Exists(done))


# name: (the list's title, which projects)
WAITING = {
    "appraise": (_("Projects to appraise"), _status(Status.SUBMITTED, Status.UNDER_APPRAISAL)),
    "propose": (_("Appraised projects to propose for approval"), _status(Status.APPRAISED)),
    "pay": (_("Approved projects with money to pay"), _to_pay),
    "finance_appraisal": (_("Projects awaiting your finance appraisal"), _finance_appraisal),
    "settlement": (_("Settlements to check"), _status(Status.ACCEPTED, Status.STOPPED)),
    "approve": (_("Projects proposed for approval"), _status(Status.PROPOSED)),
    "conclude": (_("Appraisals to conclude"), _to_conclude),
    "acceptance": (_("Acceptance to decide"), _status(Status.AWAITING_ACCEPTANCE)),
    "close": (_("Settled files to close"), _status(Status.SETTLED)),
}


def waiting(name: str, projects):
    return WAITING[name][1](projects)
