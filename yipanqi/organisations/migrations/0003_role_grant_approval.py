# Two-person approval of role grants (issue 23, item 8). Grants that exist already stay in force:
# the status column is added with "active" for them, and only then defaults to "pending".

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0002_body_kind_deliberation_hall'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='rolegrant',
            name='status',
            field=models.CharField(choices=[('pending', 'Awaiting approval'), ('active', 'Active')], default='active', max_length=12, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='rolegrant',
            name='status',
            field=models.CharField(choices=[('pending', 'Awaiting approval'), ('active', 'Active')], default='pending', max_length=12, verbose_name='status'),
        ),
        migrations.AddField(
            model_name='rolegrant',
            name='requested_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by'),
        ),
        migrations.AddField(
            model_name='rolegrant',
            name='approved_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='approved by'),
        ),
        migrations.AddField(
            model_name='rolegrant',
            name='approved_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='approved at'),
        ),
        migrations.AddConstraint(
            model_name='rolegrant',
            constraint=models.CheckConstraint(condition=models.Q(('approved_by__isnull', True), models.Q(models.Q(('approved_by', models.F('requested_by')), _negated=True), models.Q(('approved_by', models.F('user')), _negated=True)), _connector='OR'), name='role_grant_approved_by_another'),
        ),
        migrations.AddConstraint(
            model_name='rolegrant',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'active'), models.Q(('approved_at__isnull', True), ('approved_by__isnull', True)), _connector='OR'), name='role_grant_pending_is_unapproved'),
        ),
    ]
