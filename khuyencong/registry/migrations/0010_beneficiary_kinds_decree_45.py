from django.db import migrations


def forwards(apps, schema_editor):
    """The beneficiary groups and rural location of Decree 45/2012/NĐ-CP Art. 1.2, in force until Decree
    235/2025/NĐ-CP replaced them on 15/10/2025: an application is judged by the rows of its own date
    (docs/legal-rules.md)."""
    from khuyencong.registry.legal_data import seed

    seed(apps)


class Migration(migrations.Migration):
    dependencies = [("registry", "0009_certification_valid_until_district")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
