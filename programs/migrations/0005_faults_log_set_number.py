"""Set numbers unique per dancer, assignment, exercise and day (they could repeat under concurrency)."""

from django.conf import settings
from django.db import migrations, models

RENUMBER = """
UPDATE programs_exerciselog AS log SET set_number = ranked.n
FROM (
    SELECT id, ROW_NUMBER() OVER (
        PARTITION BY dancer_id, assignment_id, exercise_id, date ORDER BY created_at, id
    ) AS n
    FROM programs_exerciselog
) AS ranked
WHERE log.id = ranked.id AND log.set_number <> ranked.n
"""


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0004_seed_library"),
        ("studios", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Repeated numbers from before the constraint become 1..n in the order the sets arrived.
        migrations.RunSQL(RENUMBER, migrations.RunSQL.noop),
        migrations.AddConstraint(
            model_name="exerciselog",
            constraint=models.UniqueConstraint(
                fields=("dancer", "assignment", "exercise", "date", "set_number"), name="log_set_number"
            ),
        ),
    ]
