from django.db import migrations


def forwards(apps, schema_editor):
    """Activity types with the in-force date of Decree 45/2012/NĐ-CP corrected to 05/07/2012, and the
    beneficiary groups and priorities of Decree 235/2025/NĐ-CP (docs/legal-rules.md)."""
    from khuyencong.registry.legal_data import seed

    seed(apps)


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_rule_sources")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
