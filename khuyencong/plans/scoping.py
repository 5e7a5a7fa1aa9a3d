"""Which plans, provinces and documents a user works with."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from khuyencong.accounts.scopes import province_ids
from khuyencong.documents.models import Document
from khuyencong.geo.models import AdminUnit

from .models import MANAGE_ROLES, Batch, Plan


def provinces_for(user, roles=MANAGE_ROLES):
    """Provinces, of today and before 2025 (merged into today's), the user may plan for."""
    ids = province_ids(user, roles)
    provinces = AdminUnit.objects.provinces()
    if ids is None:
        return provinces
    return provinces.filter(Q(pk__in=ids) | Q(successions__rank=0, successions__successor__in=ids)).distinct()


def documents_for(user):
    return Document.objects.visible_to(user).order_by("-issued_on")


def get_plan_for(user, pk, roles=None) -> Plan:
    plans = Plan.objects.visible_to(user, roles) if roles else Plan.objects.visible_to(user)
    plan = plans.select_related("province", "source", "decision").filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


def get_batch_for(user, pk, roles=MANAGE_ROLES) -> Batch:
    batch = Batch.objects.select_related("plan").filter(pk=pk).first()
    if batch is None:
        raise Http404
    get_plan_for(user, batch.plan_id, roles)
    return batch
