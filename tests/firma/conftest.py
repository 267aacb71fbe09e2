"""Fixtures for firma: the test PKI and loopback TSA/OCSP/CRL started by deploy/services/firma.sh (via `make test`).

Every test runs with the firma settings pointed at that PKI; tests that need another policy override `settings`.
"""

import re
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from reportlab.platypus import Paragraph

from earchivo.models import VersionDocumento
from firma.engine.certificates import certificado_datos, certificado_load
from firma.models import Certificado
from firma.services import certificado_register, solicitud_create
from sai.core.reports import pdf_build, pdf_styles
from sai.org.models import Perfil
from sai.org.roles import Rol
from tests.earchivo.factories import DocumentoFactory, ExpedienteFactory, VersionFactory, user_in
from tests.firma.testpki.pki import PASSWORD, PkiPrueba

ROOT = Path(__file__).resolve().parents[2]
DEAD_URL = "http://127.0.0.1:9"  # the discard port: nothing answers there


@pytest.fixture(scope="session")
def pki() -> PkiPrueba:
    pki = PkiPrueba(ROOT / ".services" / "firma")
    if not (pki.dir / "manifest.json").exists():
        pytest.fail("No test PKI: run `bash deploy/services/firma.sh start` (make test does it)")
    return pki


@pytest.fixture(autouse=True)
def firma_settings(settings, pki):
    base = pki.base_url
    settings.SAI_SITE_URL = "https://sai.example.gob.mx"
    settings.SAI_FIRMA_NIVEL_DEFAULT = "B-LT"
    settings.SAI_FIRMA_NIVELES = {}
    settings.SAI_FIRMA_RAICES = [str(pki.path("raiz.pem"))]
    settings.SAI_FIRMA_INTERMEDIOS = [str(pki.path("intermedia.pem"))]
    settings.SAI_FIRMA_TSA_URL = f"{base}/tsa"
    settings.SAI_FIRMA_REVOCACION = {
        "SAI Pruebas AC Intermedia": {"ocsp": f"{base}/ocsp", "crl": [f"{base}/crl/intermedia.crl"]}
    }
    settings.SAI_FIRMA_REVOCACION_AIA = True
    settings.SAI_FIRMA_ON_SERVICE_FAILURE = "refuse"
    settings.SAI_FIRMA_HTTP_TIMEOUT = 5
    settings.SAI_FIRMA_BYTES_RESERVADOS = 0
    return settings


def identify(user, pki, name: str):
    """Give the user's profile the RFC and CURP that the test PKI certificate `name` carries (it is theirs)."""
    datos = certificado_datos(certificado_load(pki.cer(name)))
    Perfil.objects.filter(usuario=user).update(rfc=datos.rfc, curp=datos.curp)
    return type(user).objects.get(pk=user.pk)


def grant(user, *codenames: str):
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="firma", codename__in=codenames))
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


def oficio_pdf(texto: str = "Por medio del presente le informo que el inventario quedó concluido.") -> bytes:
    """A 1-page oficio rendered by SAI's own PDF helper (reportlab)."""
    styles = pdf_styles()
    story = [
        Paragraph("Dirección de Administración — Oficio DA/0001/2026", styles["title"]),
        Paragraph("Ciudad de México, a 29 de noviembre de 2026", styles["body"]),
        Paragraph("Lic. Ana Torres Ruiz<br/>Titular de la Unidad de Archivo<br/>Presente", styles["body"]),
        Paragraph(texto, styles["body"]),
        Paragraph("Atentamente,", styles["body"]),
    ]
    return pdf_build(story, title="Oficio DA/0001/2026")


@pytest.fixture
def expediente(db):
    return ExpedienteFactory()


@pytest.fixture
def version_pdf(expediente):
    """A stored document version whose content is a real 1-page oficio."""

    def make(contenido: bytes | None = None) -> VersionDocumento:
        documento = DocumentoFactory(expediente=expediente, version=None)
        return VersionFactory(documento=documento, contenido=contenido or oficio_pdf(), nombre_archivo="oficio.pdf")

    return make


@pytest.fixture
def solicitante(expediente):
    user = user_in(expediente.unidad, "Responsable de Archivo de Trámite")
    return grant(user, "solicitar_firma")


@pytest.fixture
def firmante(expediente, pki):
    """A Firmante of the expediente's unidad (or of `unidad`), who may therefore see its documents, with the test
    PKI certificate `name` registered to them (bypassing the registration checks if asked)."""

    def make(name: str, *, registrar: bool = True, unidad=None):
        user = grant(identify(user_in(unidad or expediente.unidad, Rol.FIRMANTE), pki, name), "firmar_documento")
        if registrar:
            certificado = certificado_register(actor=user, cer=pki.cer(name))
        else:
            datos = certificado_datos(certificado_load(pki.cer(name)))
            certificado = Certificado.objects.create(
                propietario=user,
                der=pki.cer(name),
                huella=datos.huella,
                tipo=datos.tipo,
                titular=datos.titular,
                rfc=datos.rfc,
                serie_hex=datos.serie_hex,
                numero_certificado=datos.numero_certificado,
                emisor=datos.emisor,
                emisor_dn=datos.emisor_dn,
                vigente_desde=datos.vigente_desde,
                vigente_hasta=datos.vigente_hasta,
            )
        return user, certificado

    return make


@pytest.fixture
def solicitud_para(solicitante, version_pdf):
    def make(*firmantes, nivel: str | None = None, version=None):
        return solicitud_create(
            actor=solicitante,
            firmable_tipo="earchivo.version",
            firmable_id=(version or version_pdf()).pk,
            firmantes=[(user, f"Cargo {i}") for i, user in enumerate(firmantes, start=1)],
            folio="DA/0001/2026",
            unidad_emisora="Dirección de Administración",
            nivel=nivel,
        )

    return make


def llave(pki, name: str) -> tuple[bytearray, bytearray]:
    return bytearray(pki.key(name)), bytearray(PASSWORD.encode())


def pdfsig(pki, pdf: bytes, tmp_path, nssdb=None) -> list[dict]:
    """Poppler + NSS's verdict per signature: [{'campo', 'valida', 'confiable', 'texto'}]."""
    path = tmp_path / "firmado.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(  # noqa: S603
        ["pdfsig", "-nssdir", f"sql:{nssdb or pki.nssdb}", str(path)],  # noqa: S607 - Debian poppler-utils
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    result = []
    for block in re.split(r"^Signature #\d+:\n", out, flags=re.M)[1:]:
        campo = re.search(r"Signature Field Name: (.*)", block)
        result.append(
            {
                "campo": campo.group(1).strip() if campo else "",
                "valida": "Signature Validation: Signature is Valid." in block,
                "confiable": "Certificate Validation: Certificate is Trusted." in block,
                "texto": block,
            }
        )
    return result


def version_de(solicitud) -> VersionDocumento:
    """The e-archivo version a request signs (firma keeps only its firmable reference)."""
    return VersionDocumento.objects.select_related("documento__expediente").get(pk=solicitud.firmable_id)


def blob_bytes(blob) -> bytes:
    from firma.services.solicitudes import pdf_read

    return pdf_read(blob)
