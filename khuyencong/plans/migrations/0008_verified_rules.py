from django.db import migrations


def forwards(apps, schema_editor):
    """Write the rule rows as checked against the texts; correct those the first release seeded
    (wrong in-force dates, caps without their percentage, advances under the wrong circular,
    scores no text gives), found by their natural keys (docs/legal-rules.md)."""
    from khuyencong.plans.legal_data import seed

    seed(apps)


class Migration(migrations.Migration):
    dependencies = [("plans", "0007_rule_sources")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
