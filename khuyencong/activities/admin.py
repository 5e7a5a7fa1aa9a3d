from django.contrib import admin

from khuyencong.audit.admin import AuditedModelAdmin

from .models import Course, MediaItem, Trainee


@admin.register(Course)
class CourseAdmin(AuditedModelAdmin):
    list_display = ["title", "project", "trade", "start_on", "end_on", "planned_trainees"]
    list_select_related = ["project"]
    raw_id_fields = ["project", "venue_commune", "certificate_decision"]
    search_fields = ["title", "trade"]


@admin.register(Trainee)
class TraineeAdmin(AuditedModelAdmin):
    list_display = ["full_name", "birth_year", "sex", "course", "completed", "employed_after_training"]
    list_select_related = ["course"]
    raw_id_fields = ["course", "commune", "establishment"]
    search_fields = ["name_key"]


@admin.register(MediaItem)
class MediaItemAdmin(AuditedModelAdmin):
    list_display = ["title", "kind", "channel", "published_on", "project"]
    list_select_related = ["project"]
    raw_id_fields = ["project"]
