"""End to end: the inventario de baja, filed in the proceso's expediente, is signed by three signers in order."""

import pytest

from earchivo.services.bajas import baja_solicitar
from firma.conf import firma_config
from firma.engine.errors import OrdenError
from firma.engine.validation import pdf_validate
from firma.models import SolicitudFirma
from firma.services import firma_sign, solicitud_create
from sai.org.roles import Rol
from tests.earchivo.ciclo_fixtures import expediente_para_baja
from tests.earchivo.factories import SerieFactory
from tests.factories import UnidadFactory
from tests.firma.conftest import blob_bytes, grant, llave

pytestmark = pytest.mark.django_db
CARGOS = ["Responsable del Archivo de Trámite", "Coordinación de Archivos", "Archivo de Concentración"]


def test_inventario_de_baja_signed_by_three_becomes_a_version_with_three_intact_signatures(
    make_user, firmante, pki, settings
):
    """Trámite, coordinación and concentración sign in order; the signed PDF is the inventario's next version."""
    concentracion = make_user(Rol.CONCENTRACION)
    settings.SAI_BAJA_SERIE = SerieFactory(unidades=[concentracion.perfil.unidad]).clave
    proceso = baja_solicitar(
        actor=concentracion,
        expedientes=[expediente_para_baja(unidad=UnidadFactory())],
        justificacion="Plazo de conservación cumplido",
    )
    documento = proceso.expediente.documentos.get(tipo_documental__nombre="Inventario de baja documental")
    unidad = proceso.expediente.unidad
    firmantes = [firmante(name, unidad=unidad) for name in ("firmante1", "firmante2", "firmante3")]
    solicitud = solicitud_create(
        actor=grant(concentracion, "solicitar_firma"),
        firmable_tipo="earchivo.version",
        firmable_id=documento.versiones.get().pk,
        firmantes=[(user, cargo) for (user, _), cargo in zip(firmantes, CARGOS, strict=True)],
        folio=f"BAJA/{proceso.numero:03d}/{proceso.anio}",
        nivel="B-B",
    )
    assert solicitud.unidad_emisora == concentracion.perfil.unidad.nombre
    (ultimo, ultimo_cert) = firmantes[2]
    with pytest.raises(OrdenError) as info:
        key, password = llave(pki, "firmante3")
        firma_sign(actor=ultimo, solicitud=solicitud, certificado=ultimo_cert, llave=key, contrasena=password)
    assert "Aún no le corresponde firmar" in info.value.message

    for i, ((user, certificado), name) in enumerate(
        zip(firmantes, ("firmante1", "firmante2", "firmante3"), strict=True)
    ):
        key, password = llave(pki, name)
        firma_sign(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)
        assert documento.versiones.count() == (1 if i < 2 else 2), "a new version only after the last signature"

    solicitud.refresh_from_db()
    assert solicitud.estado == SolicitudFirma.Estado.FIRMADA
    firmada = documento.versiones.get(numero=2)
    assert firmada.blob_id == solicitud.actual_blob_id
    assert firmada.motivo == ("Firmado electrónicamente por MARIA LOPEZ PEREZ, JUAN GARCIA HERNANDEZ y ANA TORRES RUIZ")
    reporte = pdf_validate(blob_bytes(firmada.blob), firma_config())
    assert len(reporte.firmas) == 3
    assert all(f.intacta for f in reporte.firmas)
    assert reporte.valido
