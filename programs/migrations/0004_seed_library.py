"""Seed the global exercise library and the two ready templates (data in programs/library.py)."""

from django.db import migrations

from programs.library import library_seed, library_unseed


def seed(apps, schema_editor):
    library_seed(apps)


def unseed(apps, schema_editor):
    library_unseed(apps)


class Migration(migrations.Migration):
    dependencies = [("programs", "0003_assignment_pause")]

    operations = [migrations.RunPython(seed, unseed)]
