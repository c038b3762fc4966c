# The street and district ledger indexes carry the filtered columns, so a supervisor's ledger
# counts and picks its page from the index alone (issue 9; docs/performance.md).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0006_stint_escalated_from'),
        ('grids', '0003_compound_search_trigram_indexes'),
        ('mediators', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='case',
            name='case_street_registered',
        ),
        migrations.RemoveIndex(
            model_name='case',
            name='case_district_registered',
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['street', '-registered_at', '-id'], include=('category', 'status', 'tier', 'grade_level', 'channel', 'difficulty', 'urgency'), name='case_street_ledger'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['district', '-registered_at', '-id'], include=('category', 'status', 'tier', 'grade_level', 'channel', 'difficulty', 'urgency'), name='case_district_ledger'),
        ),
    ]
