from django.db import migrations


def seed(apps, schema_editor):
    from khuyencong.plans.legal_data import seed as seed_rows

    seed_rows(apps)


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
