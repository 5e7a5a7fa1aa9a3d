from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db import router, transaction

from khuyencong.audit.admin import ADMIN_NOTE, AuditedInline, AuditedModelAdmin
from khuyencong.audit.log import action_code, diff, record, snapshot

from .models import RoleAssignment, User


class RoleAssignmentInline(AuditedInline):
    model = RoleAssignment
    fk_name = "user"
    raw_id_fields = ["unit", "establishment", "granted_by"]


@admin.register(User)
class KcUserAdmin(AuditedModelAdmin, UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, (None, {"fields": ("full_name", "phone")}))
    inlines = [RoleAssignmentInline]

    def user_change_password(self, request, id, form_url=""):
        """The password form saves the user itself, past save_model: log what it changed
        (that the password changed, never the hash) in the same transaction."""
        with transaction.atomic(using=router.db_for_write(self.model)):
            user = self.get_object(request, unquote(id))
            before = snapshot(user) if user is not None else None
            response = super().user_change_password(request, id, form_url)
            if before is not None:
                user.refresh_from_db()
                changes = diff(before, snapshot(user))
                if changes:
                    record(request.user, user, action_code(user, "updated"), changes, ADMIN_NOTE)
            return response


# Groups carry admin permissions: changing one changes what its members may do in the admin.
admin.site.unregister(Group)


@admin.register(Group)
class KcGroupAdmin(AuditedModelAdmin, GroupAdmin):
    pass
