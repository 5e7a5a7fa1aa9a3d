"""What every activity shares: it hangs on one project, and is seen and changed through it.

An activity (a training course, an event, a contest, a media item) is part of a project's work:
whoever may see the project sees the activity; whoever may run the project (Centre staff of its
province, docs/permissions.md) records it. The project carries the plan, the batch and the
decisions, so an activity needs no place of its own for scopes.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.permissions import Can
from khuyencong.projects.models.states import COMMITTED, RUNNING, Status


class OnProjectQuerySet(models.QuerySet):
    def visible_to(self, user, capability: Can = Can.READ_PROJECTS):
        """The activities of the projects the user may see."""
        from khuyencong.projects.models import Project

        return self.filter(project__in=Project.objects.visible_to(user, capability).values("pk"))


class OnProject(models.Model):
    """An activity of one project (its plan, batch and decisions are the project's)."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.PROTECT, related_name="%(class)ss"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OnProjectQuerySet.as_manager()

    class Meta:
        abstract = True

    def may(self, user, capability: Can) -> bool:
        return may_record(self.project, user, capability)


class Held(models.Model):
    """Where and when an activity takes place: a venue in a commune (of either generation, with today's
    unit derived, so lists group by today's communes) and its first and last days."""

    venue = models.CharField(_("venue"), max_length=300, blank=True)
    venue_commune = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("commune of the venue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "commune"},
    )
    current_venue_commune = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("commune of the venue today"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"))

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.current_venue_commune = current_of(self.venue_commune)
        super().save(*args, **kwargs)

    def clean(self):
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise ValidationError({"end_on": _("The end is before the start.")})
        project = self.project if getattr(self, "project_id", None) else None
        if project is not None and self.start_on and not self.within_schedule(project):
            raise ValidationError({"start_on": self.schedule_refusal(project)})

    def within_schedule(self, project) -> bool:
        """Inside the project's schedule when it has one; else from the year before its plan year
        (preparation) to the year after (settlement runs into January)."""
        if project.start_on and project.end_on:
            return project.start_on <= self.start_on <= project.end_on
        return project.year - 1 <= self.start_on.year <= project.year + 1

    @staticmethod
    def schedule_refusal(project) -> str:
        if project.start_on and project.end_on:
            return _("The project runs from %(start)s to %(end)s: the activity must begin within it.") % {
                "start": f"{project.start_on:%d/%m/%Y}",
                "end": f"{project.end_on:%d/%m/%Y}",
            }
        return _(
            "The project is of the %(year)s plan: the activity must begin between %(first)s and %(last)s."
        ) % {
            "year": project.year,
            "first": project.year - 1,
            "last": project.year + 1,
        }


# Once accepted (the acceptance record stated the outputs from the records), settled, closed,
# stopped, rejected or withdrawn, a project's activities are kept as they are.
CLOSED_TO_RECORDS = (COMMITTED - RUNNING) | {Status.REJECTED, Status.WITHDRAWN}


def records_open(project) -> bool:
    """Whether the project's activities may still be recorded or changed."""
    return project.status not in CLOSED_TO_RECORDS


def may_record(project, user, capability: Can) -> bool:
    """The capability over the project; recording (Can.RUN_PROJECTS) also needs its records open."""
    if capability == Can.RUN_PROJECTS and not records_open(project):
        return False
    return project.acts_as(user, capability)


def get_project_to_record(user, pk):
    """The project to add an activity to: seen (else 404), run by the user and still open (else 403)."""
    from khuyencong.projects.scoping import get_project_for

    project = get_project_for(user, pk, Can.RUN_PROJECTS)
    if not records_open(project):
        raise PermissionDenied(_("The project is accepted or closed: its activities can no longer change."))
    return project


def get_activity_for(user, queryset, pk, capability: Can = Can.READ_PROJECTS):
    """The activity if the user may see its project (else 404) and use the capability on it (else 403)."""
    activity = queryset.visible_to(user).select_related("project").filter(pk=pk).first()
    if activity is None:
        raise Http404
    if capability != Can.READ_PROJECTS and not activity.may(user, capability):
        raise PermissionDenied
    return activity


def current_of(unit):
    """Today's unit for a unit of either generation (None stays None)."""
    if unit is None:
        return None
    return unit.current_unit() if unit.is_legacy else unit
