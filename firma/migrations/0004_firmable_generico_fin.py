"""SolicitudFirma names a registered firmable (step 2 of 2): the generic reference becomes required and the
foreign keys into e-archivo (SolicitudFirma.version, Firma.version_resultante) go.

A separate migration from the data copy, so PostgreSQL runs no ALTER TABLE on rows with pending constraint checks.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("firma", "0003_firmable_generico"),
    ]

    operations = [
        migrations.AlterField(
            model_name="solicitudfirma",
            name="firmable_id",
            field=models.BigIntegerField(verbose_name="id del documento firmable"),
        ),
        migrations.RemoveField(model_name="firma", name="version_resultante"),
        migrations.RemoveField(model_name="solicitudfirma", name="version"),
        migrations.AddIndex(
            model_name="solicitudfirma",
            index=models.Index(fields=["firmable_tipo", "firmable_id"], name="solicitud_firmable"),
        ),
        migrations.AddConstraint(
            model_name="solicitudfirma",
            constraint=models.UniqueConstraint(
                condition=models.Q(("estado", "en_firma")),
                fields=("firmable_tipo", "firmable_id"),
                name="firmable_una_solicitud_en_firma",
            ),
        ),
    ]
