from django.db import migrations


def forwards(apps, schema_editor):
    """Keep every rule row within its legal text's validity (khuyencong/legal_texts.py, TEXTS): the finance
    appraisal contents citing Joint Circular 26/2014 ran from 10/02/2014, before the text was in force, and
    had no end though it was replaced on 11/05/2018; they now run 08/04/2014 – 10/05/2018 and continue on
    Circular 28/2018/TT-BTC. The sources read as citations (docs/legal-rules.md, "How each row was checked",
    says which copy was read). Rows are found by their natural keys, as in 0010."""
    from khuyencong.plans.legal_data import seed
    from khuyencong.registry.legal_data import seed as seed_registry

    seed(apps)
    seed_registry(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0010_rules_read_in_the_text"),
        ("registry", "0008_importjob_valid_preview"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
