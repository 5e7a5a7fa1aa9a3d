from django.db import migrations


def forwards(apps, schema_editor):
    """Correct and complete the rule rows after reading the articles' text (docs/legal-rules.md, "How each
    row was checked"): Joint Circular 26/2014 Art. 6.2 and 8.2, Circular 36/2013 Art. 9, 10, 13, 14, 15,
    18, 23 and Circular 26/2014/TT-BCT Art. 17. Rows are found by their natural keys (a renamed document
    or appraisal content by its former name), so a database seeded by an earlier release is corrected."""
    from khuyencong.plans.legal_data import seed

    seed(apps)


class Migration(migrations.Migration):
    dependencies = [("plans", "0009_plan_deadlines_met")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
