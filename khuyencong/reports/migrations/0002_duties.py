"""Reporting duties and the reports sent (reports/models/duties.py), seeded with the duties the texts
set (reports/legal_data/duties.py, docs/legal-rules.md)."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def seed_duties(apps, schema_editor):
    from khuyencong.reports.legal_data import seed_duties as seed

    seed(apps)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('reports', '0001_periodic_report'),
        ('documents', '0001_initial'),
        ('geo', '0002_load_units'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportingDuty',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('legal_basis', models.CharField(max_length=250, verbose_name='legal basis')),
                ('effective_from', models.DateField(verbose_name='effective from')),
                ('effective_to', models.DateField(blank=True, null=True, verbose_name='effective to')),
                ('source', models.CharField(blank=True, help_text='Where the legal text can be read: an address or the official gazette.', max_length=500, verbose_name='source of the text')),
                ('verified', models.BooleanField(default=False, help_text='Leave unticked until someone has compared the row with the legal text.', verbose_name='checked against the text')),
                ('code', models.SlugField(max_length=40, verbose_name='code')),
                ('name', models.CharField(max_length=250, verbose_name='name')),
                ('frequency', models.CharField(choices=[('month', 'monthly'), ('quarter', 'quarterly'), ('half', 'first six months'), ('year', 'yearly')], max_length=10, verbose_name='frequency')),
                ('due_kind', models.CharField(choices=[('none', 'the text sets no day'), ('after_end', "days after the period's end"), ('next_month', 'a day of the month after the period'), ('last_month', "a day of the period's last month")], max_length=12, verbose_name='due day rule')),
                ('due_days', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MaxValueValidator(366)], verbose_name='days after the period')),
                ('due_day', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(31)], verbose_name='day of the month')),
                ('reporter', models.CharField(max_length=200, verbose_name='reported by')),
                ('recipient', models.CharField(max_length=250, verbose_name='sent to')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('province', models.ForeignKey(blank=True, help_text="Empty for a national rule; a province's own rates (council resolution) name it.", limit_choices_to={'generation': 'current', 'level': 'province'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='geo.adminunit', verbose_name='province')),
            ],
            options={
                'verbose_name': 'reporting duty',
                'verbose_name_plural': 'reporting duties',
                'ordering': ['code', '-effective_from'],
            },
        ),
        migrations.CreateModel(
            name='DutyReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, verbose_name='duty')),
                ('period_start', models.DateField(verbose_name='period from')),
                ('period_end', models.DateField(verbose_name='period to')),
                ('due_on', models.DateField(blank=True, null=True, verbose_name='due on')),
                ('number', models.CharField(max_length=60, verbose_name='number and symbol')),
                ('sent_on', models.DateField(verbose_name='sent on')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('current_province', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='geo.adminunit', verbose_name='province today')),
                ('document', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='documents.document', verbose_name='document in the register')),
                ('province', models.ForeignKey(help_text='The province that reported, as it was over the period.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='geo.adminunit', verbose_name='province')),
                ('sent_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='marked by')),
                ('duty', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='reports.reportingduty', verbose_name='rule in force')),
            ],
            options={
                'verbose_name': 'report sent',
                'verbose_name_plural': 'reports sent',
                'ordering': ['-period_end', 'code'],
                'indexes': [models.Index(fields=['current_province', 'period_end'], name='duty_report_province_end')],
                'constraints': [models.UniqueConstraint(fields=('code', 'province', 'period_start', 'period_end'), name='duty_report_once_per_period')],
            },
        ),
        migrations.RunPython(seed_duties, migrations.RunPython.noop),
    ]
