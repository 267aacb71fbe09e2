"""Migration 0003 moves existing requests to the registry: firmable "earchivo.version", and e-archivo's own record
of the version each fully signed PDF became (the dropped Firma.version_resultante)."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from earchivo.models import VersionDocumento
from firma.models import SolicitudFirma
from tests.earchivo.factories import VersionFactory

ANTES = [("firma", "0002_firmante_ordenes_firma"), ("earchivo", "0002_procesobaja_expediente")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_requests_and_signed_versions_are_carried_over(version_pdf):
    """A signed request made before the registry keeps its document, title, folio and delivered version."""
    enviada = version_pdf()
    firmada = VersionFactory(documento=enviada.documento, contenido=b"%PDF-1.7 firmado")
    apps = _migrate(ANTES)
    try:
        user_id = enviada.creado_por_id
        Solicitud = apps.get_model("firma", "SolicitudFirma")
        Firmante = apps.get_model("firma", "Firmante")
        Certificado = apps.get_model("firma", "Certificado")
        Firma = apps.get_model("firma", "Firma")
        solicitud = Solicitud.objects.create(
            version_id=enviada.pk,
            folio="DA/0001/2025",
            nivel="B-B",
            estado="firmada",
            base_blob_id=enviada.blob_id,
            actual_blob_id=firmada.blob_id,
            creada_por_id=user_id,
        )
        firmante = Firmante.objects.create(solicitud=solicitud, orden=1, usuario_id=user_id, campo="Firma1")
        ahora = dt.datetime.now(dt.UTC)
        certificado = Certificado.objects.create(
            propietario_id=user_id, der=b"x", huella="0" * 64, tipo="efirma", titular="MARIA LOPEZ PEREZ",
            serie_hex="01", emisor="AC", emisor_dn="CN=AC", vigente_desde=ahora, vigente_hasta=ahora,
        )  # fmt: skip
        Firma.objects.create(
            solicitud=solicitud, firmante=firmante, usuario_id=user_id, certificado=certificado, orden=1,
            campo="Firma1", modo="servidor", nivel_solicitado="B-B", nivel="B-B", firmado_en=ahora,
            hash_firmado="0" * 64, blob_id=firmada.blob_id, version_resultante_id=firmada.pk,
            cadena_original="||1.0||", sello="AAAA",
        )  # fmt: skip
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    solicitud = SolicitudFirma.objects.get()
    assert (solicitud.firmable_tipo, solicitud.firmable_id) == ("earchivo.version", enviada.pk)
    assert solicitud.titulo == enviada.documento.titulo
    assert solicitud.entregado_blob_id == firmada.blob_id, "already filed: never delivered again"
    firmada = VersionDocumento.objects.get(pk=firmada.pk)
    assert (firmada.firma_solicitud, firmada.firma_folio) == (solicitud.uuid, "DA/0001/2025")
    assert VersionDocumento.objects.get(pk=enviada.pk).firma_solicitud is None
