from django.db import migrations


def seed(apps, schema_editor):
    """The contest rules of Circular 26/2014/TT-BCT, each with its article and whether it was checked
    against the text (activities/legal_data.py, docs/legal-rules.md)."""
    from khuyencong.activities.legal_data import seed as seed_rows

    seed_rows(apps)


class Migration(migrations.Migration):
    dependencies = [("activities", "0002_contests")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
