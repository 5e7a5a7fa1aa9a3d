"""The audit log: written with each change, readable per record, never rewritten."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from conftest import commune_named
from khuyencong.audit.models import AuditEntry


@pytest.mark.django_db
def test_create_update_delete_are_logged_with_field_changes(personas, client):
    client.force_login(personas["centre_staff"])
    commune = commune_named("Phường Phố Hiến")
    data = {"name": "Cơ sở Audit", "legal_form": "household", "commune": commune.pk, "workers": 5}
    response = client.post(reverse("registry:establishment_create"), data)
    pk = int(response.url.rstrip("/").split("/")[-1])
    created = AuditEntry.objects.get(action="registry.establishment.created", object_id=str(pk))
    assert created.actor == personas["centre_staff"] and created.changes["name"] == [None, "Cơ sở Audit"]
    # The form carries the version it was opened on (optimistic locking): the first one.
    client.post(reverse("registry:establishment_edit", args=[pk]), {**data, "workers": 9, "version": 1})
    updated = AuditEntry.objects.get(action="registry.establishment.updated", object_id=str(pk))
    assert updated.changes == {"workers": ["5", "9"]}
    history = client.get(reverse("registry:establishment_history", args=[pk])).content.decode()
    from django.utils import translation

    from khuyencong.audit.display import describe

    with translation.override("vi"):
        assert describe("registry.establishment.updated") in history  # said in words, not as a code
    assert "registry.establishment.updated" not in history
    client.post(reverse("registry:establishment_delete", args=[pk]))
    assert AuditEntry.objects.filter(action="registry.establishment.deleted", object_id=str(pk)).exists()


@pytest.mark.django_db
def test_entries_are_append_only_in_the_database(personas):
    # A content type that exists now: after a transactional test's flush they come back with new ids.
    entry = AuditEntry.objects.create(
        action="test.thing.done",
        content_type=ContentType.objects.get_for_model(AuditEntry),
        object_id="1",
        object_repr="x",
    )
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).update(action="rewritten")
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.thing.done"


@pytest.mark.django_db
def test_deleting_an_establishment_logs_the_records_it_takes_with_it(personas, registry, client):
    est = registry["home"]
    need = est.needs.get()
    client.force_login(personas["centre_staff"])
    client.post(reverse("registry:establishment_delete", args=[est.pk]))
    assert AuditEntry.objects.filter(action="registry.establishment.deleted", object_id=str(est.pk)).exists()
    cascaded = AuditEntry.objects.get(action="registry.need.deleted_with_parent", object_id=str(need.pk))
    assert cascaded.changes["description"] == ["Đào tạo nghề", None]
