from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("earchivo", "0002_procesobaja_expediente"),
    ]

    operations = [
        migrations.AddField(
            model_name="versiondocumento",
            name="firma_folio",
            field=models.CharField(blank=True, max_length=100, verbose_name="folio de firma"),
        ),
        migrations.AddField(
            model_name="versiondocumento",
            name="firma_solicitud",
            field=models.UUIDField(blank=True, null=True, verbose_name="solicitud de firma"),
        ),
    ]
