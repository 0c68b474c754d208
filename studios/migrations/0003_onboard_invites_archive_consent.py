"""Invitations: hashed single-use tokens with resend/revoke; archived dancers; consent purpose and season."""

import hashlib

import django.db.models.deletion
from django.db import migrations, models

import studios.models


def hash_existing_tokens(apps, schema_editor):  # noqa: ANN001, ANN201
    # Links already sent keep working: the stored value becomes the hash of the token they carry.
    Invitation = apps.get_model("studios", "Invitation")
    for invitation in Invitation.objects.all():
        invitation.token_hash = hashlib.sha256(invitation.token.encode()).hexdigest()
        invitation.save(update_fields=["token_hash"])


class Migration(migrations.Migration):
    dependencies = [("studios", "0002_faults_history")]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(hash_existing_tokens, migrations.RunPython.noop),
        migrations.RemoveField(model_name="invitation", name="token"),
        migrations.AlterField(
            model_name="invitation",
            name="token_hash",
            field=models.CharField(
                default=studios.models._unusable_token_hash, editable=False, max_length=64, unique=True
            ),
        ),
        migrations.AddField(
            model_name="invitation", name="sent_at", field=models.DateTimeField(blank=True, null=True)
        ),
        migrations.AddField(
            model_name="invitation", name="send_count", field=models.PositiveSmallIntegerField(default=0)
        ),
        migrations.AddField(
            model_name="invitation", name="revoked_at", field=models.DateTimeField(blank=True, null=True)
        ),
        migrations.AlterModelOptions(name="invitation", options={"ordering": ["-created_at"]}),
        migrations.AddField(
            model_name="dancerprofile", name="archived_at", field=models.DateTimeField(blank=True, null=True)
        ),
        migrations.AddField(
            model_name="classgroup", name="archived_at", field=models.DateTimeField(blank=True, null=True)
        ),
        migrations.AlterField(
            model_name="guardianconsent",
            name="scope",
            field=models.CharField(
                choices=[
                    ("video_analysis", "Filming and video analysis"),
                    ("report_sharing", "Sharing reports with teachers"),
                ],
                default="video_analysis",
                max_length=32,
            ),
        ),
        migrations.AddField(model_name="guardianconsent", name="wording", field=models.TextField(blank=True)),
        migrations.AddField(
            model_name="guardianconsent",
            name="season",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="studios.season",
            ),
        ),
    ]
