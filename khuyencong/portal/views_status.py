"""The establishment's own pages: its applications and projects in plain words, and its messages.

Not built yet: the addresses exist so that reminders can link to them."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def my_projects(request):
    raise Http404


@login_required
def my_project(request, pk: int):
    raise Http404


@login_required
def inbox(request):
    raise Http404
