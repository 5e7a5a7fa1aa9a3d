"""Which plans, batches and documents a user works with."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Place, Scope
from khuyencong.documents.models import Document

from .models import Batch, Plan


def documents_for(user):
    return Document.objects.visible_to(user).order_by("-issued_on")


def get_plan_for(user, pk, capability: Can = Can.READ_PLANS) -> Plan:
    """The plan if the user may see it (else 404) and use the capability on it (else 403)."""
    plan = (
        Plan.objects.visible_to(user).select_related("province", "source", "decision").filter(pk=pk).first()
    )
    if plan is None:
        raise Http404
    if capability != Can.READ_PLANS and not Scope.of(user).can_at(capability, plan.place()):
        raise PermissionDenied
    return plan


def get_batch_for(user, pk, capability: Can = Can.READ_PLANS) -> Batch:
    batch = Batch.objects.select_related("plan").filter(pk=pk).first()
    if batch is None:
        raise Http404
    batch.plan = get_plan_for(user, batch.plan_id, capability)
    return batch


def can_manage(user, province_id: int) -> bool:
    """Whether the user manages the plans of this province (today's)."""
    return Scope.of(user).can_at(Can.MANAGE_PLANS, Place.of(province_id))
