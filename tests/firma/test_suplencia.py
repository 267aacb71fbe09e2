"""Suplencia: the titular designates a suplente for a period with its fundamento; the suplente signs the titular's
place in their own name, and the hoja de firmas, the cadena original and the signature record say so."""

import datetime as dt
import subprocess

import pytest
from django.test import Client
from django.utils import timezone

from firma.engine.certificates import certificado_load
from firma.engine.original_string import sello_verify
from firma.models import Firmante, SolicitudFirma
from firma.services import firma_sign, suplencia_designate
from sai.core.exceptions import ApplicationError, PermissionDeniedError
from tests.earchivo.factories import user_in
from tests.firma.conftest import blob_bytes, llave

pytestmark = pytest.mark.django_db
FUNDAMENTO = "el artículo 38 del Reglamento Interior"


def _hoja_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "firmado.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(  # noqa: S603
        ["pdftotext", "-f", "2", "-l", "2", str(path), "-"],  # noqa: S607 - poppler-utils
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return " ".join(out.split())


def _designar(titular, suplente, *, desde=None, hasta=None, actor=None):
    hoy = timezone.localdate()
    return suplencia_designate(
        actor=actor or titular,
        titular=titular,
        suplente=suplente,
        desde=desde or hoy,
        hasta=hasta or hoy + dt.timedelta(days=10),
        fundamento=FUNDAMENTO,
    )


def test_suplente_signs_in_own_name_en_suplencia(firmante, solicitud_para, pki, tmp_path):
    titular, _cert_titular = firmante("firmante1")
    suplente, certificado = firmante("firmante2")
    suplencia = _designar(titular, suplente)
    solicitud = solicitud_para(titular, nivel="B-B")

    firma = firma_sign(
        actor=suplente,
        solicitud=solicitud,
        certificado=certificado,
        llave=llave(pki, "firmante2")[0],
        contrasena=llave(pki, "firmante2")[1],
    )

    nombre_titular = titular.get_full_name() or titular.get_username()
    leyenda = f"en suplencia por ausencia de {nombre_titular}, con fundamento en {FUNDAMENTO}"
    assert firma.usuario == suplente and firma.suplencia == suplencia and firma.certificado == certificado
    firma.firmante.refresh_from_db()
    assert firma.firmante.usuario == titular and firma.firmante.estado == Firmante.Estado.FIRMADA
    assert firma.cadena_original.endswith(f"|{leyenda}||")
    assert sello_verify(certificado_load(pki.cer("firmante2")).public_key(), firma.cadena_original, firma.sello)
    solicitud.refresh_from_db()
    assert solicitud.estado == SolicitudFirma.Estado.FIRMADA
    texto = _hoja_text(blob_bytes(solicitud.actual_blob), tmp_path)
    assert f"Firmado electrónicamente por: JUAN GARCIA HERNANDEZ, {leyenda}" in texto
    client = Client()
    client.force_login(titular)
    detalle = client.get(f"/firma/solicitudes/{solicitud.uuid}/").content.decode()
    assert leyenda in " ".join(detalle.split())


def test_only_the_titular_designates(firmante):
    titular, _ = firmante("firmante1")
    suplente, _ = firmante("firmante2")
    otro, _ = firmante("firmante3")
    with pytest.raises(PermissionDeniedError, match="Sólo el titular"):
        _designar(titular, suplente, actor=otro)


def test_bad_designations_are_refused_per_field(firmante):
    titular, _ = firmante("firmante1")
    suplente, _ = firmante("firmante2")
    hoy = timezone.localdate()
    with pytest.raises(ApplicationError) as info:
        _designar(titular, suplente, desde=hoy, hasta=hoy - dt.timedelta(days=1))
    assert "hasta" in info.value.errors
    with pytest.raises(ApplicationError) as info:
        _designar(titular, suplente, desde=hoy - dt.timedelta(days=9), hasta=hoy - dt.timedelta(days=2))
    assert info.value.errors["hasta"] == ["el periodo ya terminó"]
    with pytest.raises(ApplicationError) as info:
        _designar(titular, titular)
    assert "suplente" in info.value.errors


def test_suplente_outside_the_dates_cannot_sign(firmante, solicitud_para, pki):
    titular, _ = firmante("firmante1")
    suplente, certificado = firmante("firmante2")
    manana = timezone.localdate() + dt.timedelta(days=1)
    _designar(titular, suplente, desde=manana, hasta=manana + dt.timedelta(days=3))
    solicitud = solicitud_para(titular, nivel="B-B")
    key, password = llave(pki, "firmante2")
    with pytest.raises(PermissionDeniedError, match="no está vigente hoy"):
        firma_sign(actor=suplente, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)
    assert not solicitud.firmas.exists()


def test_api_designates_and_refuses_others(firmante, expediente):
    titular, _ = firmante("firmante1")
    suplente, _ = firmante("firmante2")
    hoy = timezone.localdate()
    body = {"suplente": suplente.pk, "desde": str(hoy), "hasta": str(hoy), "fundamento": FUNDAMENTO}
    client = Client()
    client.force_login(user_in(expediente.unidad))  # may not sign: no suplencias
    assert client.post("/api/v1/firma/suplencias/", body, content_type="application/json").status_code == 403
    client.force_login(suplente)
    otro = client.post(
        "/api/v1/firma/suplencias/",
        {**body, "titular": titular.pk, "suplente": suplente.pk},
        content_type="application/json",
    )
    assert otro.status_code == 403
    client.force_login(titular)
    creada = client.post("/api/v1/firma/suplencias/", body, content_type="application/json")
    assert creada.status_code == 201, creada.content
    assert creada.json()["leyenda"].endswith(f"con fundamento en {FUNDAMENTO}")
    assert client.get("/firma/suplencias/").status_code == 200
