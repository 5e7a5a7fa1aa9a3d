from django.db import migrations


def seed_rules(apps, schema_editor):
    """The eligibility rules of portal/legal_data.py again: Joint Circular 26/2014 Art. 7.4 checked
    against its words, and the unchecked row of Circular 28/2018/TT-BTC from 11/05/2018."""
    from khuyencong.portal.legal_data import seed

    seed(apps)


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_calls_and_applications")]

    operations = [migrations.RunPython(seed_rules, migrations.RunPython.noop)]
