from django.db import migrations

# The first release wrote the rule rows here. They are written, checked against the texts, by
# 0008_verified_rules (which also corrects databases seeded by this migration before).


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = []
