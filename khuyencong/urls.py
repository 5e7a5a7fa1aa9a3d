from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from khuyencong.home import home

urlpatterns = [
    path("", home, name="home"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("khuyencong.accounts.urls")),
    path("geo/", include("khuyencong.geo.urls")),
    path("registry/", include("khuyencong.registry.urls")),
    path("documents/", include("khuyencong.documents.urls")),
    path("plans/", include("khuyencong.plans.urls")),
    path("projects/", include("khuyencong.projects.urls")),
    path("activities/", include("khuyencong.activities.urls")),
    path("", include("khuyencong.reports.urls")),
    path("portal/", include("khuyencong.portal.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
