from django.db import migrations


def forwards(apps, schema_editor):
    from khuyencong.geo.loading import load_units

    load_units(apps.get_model("geo", "AdminUnit"), apps.get_model("geo", "UnitSuccession"))


def backwards(apps, schema_editor):
    apps.get_model("geo", "UnitSuccession").objects.all().delete()
    apps.get_model("geo", "AdminUnit").objects.filter(level="commune").delete()
    apps.get_model("geo", "AdminUnit").objects.filter(level="district").delete()
    apps.get_model("geo", "AdminUnit").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
