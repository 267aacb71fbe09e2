"""SolicitudFirma names a registered firmable instead of an earchivo.VersionDocumento (step 1 of 2: add and fill).

Existing requests become firmable "earchivo.version" with the version's id and the document's title. The version
each fully signed PDF became is handed over, once, to e-archivo's own record of it (VersionDocumento.firma_*), and
the request remembers that this PDF was delivered.
"""

import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Check foreign keys now, so the indexes Django creates at the end of this migration meet no pending events.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    SolicitudFirma = apps.get_model("firma", "SolicitudFirma")
    Firma = apps.get_model("firma", "Firma")
    VersionDocumento = apps.get_model("earchivo", "VersionDocumento")
    for solicitud in SolicitudFirma.objects.select_related("version__documento"):
        solicitud.firmable_tipo = "earchivo.version"
        solicitud.firmable_id = solicitud.version_id
        solicitud.titulo = solicitud.version.documento.titulo[:500]
        solicitud.save(update_fields=["firmable_tipo", "firmable_id", "titulo"])
    for firma in Firma.objects.filter(version_resultante__isnull=False).select_related("solicitud", "version_resultante"):
        solicitud = firma.solicitud
        VersionDocumento.objects.filter(pk=firma.version_resultante_id).update(
            firma_solicitud=solicitud.uuid, firma_folio=solicitud.folio
        )
        if firma.version_resultante.blob_id == solicitud.actual_blob_id:
            SolicitudFirma.objects.filter(pk=solicitud.pk).update(entregado_blob=solicitud.actual_blob_id)


class Migration(migrations.Migration):
    dependencies = [
        ("earchivo", "0003_versiondocumento_firma"),
        ("firma", "0002_firmante_ordenes_firma"),
        ("storage", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="solicitudfirma",
            name="firmable_tipo",
            field=models.CharField(default="", max_length=60, verbose_name="tipo de documento firmable"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="solicitudfirma",
            name="firmable_id",
            field=models.BigIntegerField(null=True, verbose_name="id del documento firmable"),
        ),
        migrations.AddField(
            model_name="solicitudfirma",
            name="titulo",
            field=models.CharField(default="", max_length=500, verbose_name="documento"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="solicitudfirma",
            name="entregado_blob",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="storage.blob",
            ),
        ),
        # Backwards only without requests: the dropped foreign keys cannot be rebuilt from the generic reference.
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
