"""The activities' front page: what is under way in the user's scope, by kind."""

from django.shortcuts import render

from khuyencong.accounts.access import requires
from khuyencong.accounts.permissions import Can

from ..models import Contest, Course, Event, MediaItem


@requires(Can.READ_PROJECTS)
def index(request):
    user = request.user
    context = {
        "courses": Course.objects.visible_to(user).select_related("project")[:10],
        "events": Event.objects.visible_to(user).select_related("project")[:10],
        "contests": Contest.objects.visible_to(user).select_related("project")[:10],
        "media_items": MediaItem.objects.visible_to(user).select_related("project")[:10],
    }
    return render(request, "activities/index.html", context)
