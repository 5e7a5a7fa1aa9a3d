"""A draft project made from a need the Centre reviewed (docs/self-service.md)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope
from khuyencong.plans.models import FundingSource
from khuyencong.registry.models import Need, TransitionError
from khuyencong.registry.scoping import get_need_for

from ..models import Project


@login_required
@require_POST
def project_from_need(request, need_pk: int):
    """The draft carries the need's activity type, establishment (applicant and beneficiary),
    description and estimated cost; the Centre then completes it like any draft. The cost goes in as
    the total and the counterpart: how much of it khuyến công supports is the Centre's to propose."""
    need = get_need_for(request.user, need_pk)
    if not Scope.of(request.user).can_at(Can.RUN_PROJECTS, need.place()):
        raise PermissionDenied
    if need.status != Need.Status.REVIEWED:
        messages.error(request, _("Only a reviewed need can be made into a project."))
        return redirect("registry:need_detail", pk=need.pk)
    # The local source by default: the draft's source is changed on its edit page like any field.
    source = FundingSource.objects.filter(kind=FundingSource.Kind.LOCAL).order_by("pk").first()
    cost = need.estimated_cost or 0
    who = need.establishment.name if need.establishment_id else need.contact_name
    try:
        with transaction.atomic():
            project = Project.create_draft(
                request.user,
                title=f"{need.activity_type.name} — {who}"[:400],
                description=need.description,
                activity_type=need.activity_type,
                source=source,
                year=timezone.localdate().year,
                province_id=need.province_id,
                commune_id=need.current_commune_id,
                implementing_unit=who[:250],
                applicant=need.establishment,
                support_amount=0,
                counterpart_amount=cost,
                total_amount=cost,
                note=_("Made from need %(pk)s") % {"pk": need.pk},
            )
            need.include(request.user, project_reference=project.code or str(project.pk))
    except (ValidationError, TransitionError) as error:
        messages.error(request, " ".join(error.messages))
        return redirect("registry:need_detail", pk=need.pk)
    messages.success(request, _("A draft project was made from this need: complete it and submit it."))
    return redirect("projects:edit", pk=project.pk)
