"""Documento services: capture, metadata schema, immutable versions, ordering, fojas, audited reads."""

import datetime
import io

import pytest

from earchivo.models import Documento, Expediente, VersionDocumento
from earchivo.services.documentos import (
    documento_create,
    documento_reorder,
    documento_version_add,
    metadatos_validate,
    version_open,
)
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sai.org.roles import Rol
from tests.earchivo.factories import DocumentoFactory, ExpedienteFactory, TipoDocumentalFactory, pdf_bytes, user_in
from tests.factories import UnidadFactory

pytestmark = pytest.mark.django_db

ESQUEMA = [
    {"nombre": "numero_contrato", "tipo": "texto", "obligatorio": True},
    {"nombre": "monto", "tipo": "numero", "obligatorio": False},
    {"nombre": "vigencia", "tipo": "fecha", "obligatorio": False},
    {"nombre": "firmado", "tipo": "booleano", "obligatorio": False},
]


@pytest.fixture
def expediente():
    return ExpedienteFactory(fecha_apertura=datetime.date(2024, 1, 10), anio=2024)


@pytest.fixture
def capturista(expediente):
    return user_in(expediente.unidad, Rol.CAPTURISTA)


@pytest.fixture
def tipo():
    return TipoDocumentalFactory(nombre="Oficio")


def _add(actor, expediente, tipo, content=b"hola mundo", filename="oficio.txt", **kwargs):
    kwargs.setdefault("titulo", "Oficio de solicitud")
    kwargs.setdefault("fecha", datetime.date(2024, 1, 12))
    return documento_create(
        actor=actor,
        expediente=expediente,
        tipo_documental=tipo,
        fileobj=io.BytesIO(content),
        filename=filename,
        **kwargs,
    )


def test_create_stores_first_version_and_audits(capturista, expediente, tipo):
    """The first version is content-addressed (SHA-256, size, MIME) and documento.crear is recorded."""
    documento = _add(capturista, expediente, tipo, content=b"hola mundo", fojas=2)
    version = documento.versiones.get()
    assert version.numero == 1 and version.nombre_archivo == "oficio.txt" and version.creado_por == capturista
    assert version.blob.size == 10 and version.blob.mime == "text/plain" and version.paginas is None
    assert documento.orden == 1 and documento.uuid
    entry = EntradaBitacora.objects.get(accion="documento.crear")
    assert entry.datos["sha256"] == version.blob_id


def test_pdf_pages_are_counted_and_give_fojas(capturista, expediente, tipo):
    """A 3-page PDF records paginas=3 and, without explicit fojas, 3 fojas."""
    documento = _add(capturista, expediente, tipo, content=pdf_bytes(3), filename="anexo.pdf")
    assert documento.versiones.get().paginas == 3
    assert documento.fojas == 3


def test_orden_and_expediente_fojas_follow_documents(capturista, expediente, tipo):
    """Each document takes the next orden; the expediente's fojas is the sum."""
    _add(capturista, expediente, tipo, fojas=2)
    second = _add(capturista, expediente, tipo, fojas=5, content=b"otro")
    expediente.refresh_from_db()
    assert second.orden == 2 and expediente.fojas == 7


def test_es_documento_de_archivo_defaults_from_tipo(capturista, expediente):
    """A tipo marked as not archival (apoyo informativo) makes its documents non-archival by default."""
    apoyo = TipoDocumentalFactory(nombre="Apoyo informativo", es_documento_de_archivo=False)
    assert _add(capturista, expediente, apoyo).es_documento_de_archivo is False


def test_metadata_validated_against_schema(capturista, expediente):
    """Each bad metadato is an error naming its field; nothing is stored."""
    contrato = TipoDocumentalFactory(nombre="Contrato", esquema_metadatos=ESQUEMA)
    with pytest.raises(ApplicationError) as exc:
        _add(capturista, expediente, contrato, metadatos={"monto": "mucho", "color": "rojo", "vigencia": "31/12/24"})
    errors = exc.value.errors
    assert set(errors) == {"metadatos.numero_contrato", "metadatos.monto", "metadatos.color", "metadatos.vigencia"}
    assert "numero_contrato" in errors["metadatos.numero_contrato"][0]
    assert not Documento.objects.exists()


def test_metadata_is_coerced(tipo):
    """Numbers, dates and booleans are stored as JSON values."""
    contrato = TipoDocumentalFactory(nombre="Contrato", esquema_metadatos=ESQUEMA)
    clean = metadatos_validate(
        tipo_documental=contrato,
        metadatos={"numero_contrato": " C-1 ", "monto": "1,500.50", "vigencia": "2024-12-31", "firmado": "sí"},
    )
    assert clean == {"numero_contrato": "C-1", "monto": 1500.5, "vigencia": "2024-12-31", "firmado": True}


def test_document_fields_are_validated(capturista, expediente, tipo):
    """Empty title and future date are refused with field errors."""
    with pytest.raises(ApplicationError) as exc:
        _add(capturista, expediente, tipo, titulo="", fecha=datetime.date.today() + datetime.timedelta(days=2))
    assert set(exc.value.errors) == {"titulo", "fecha"}


def test_disallowed_content_leaves_nothing(capturista, expediente, tipo):
    """A refused upload (binary not on the allow-list) rolls back the document row."""
    with pytest.raises(ApplicationError) as exc:
        _add(capturista, expediente, tipo, content=b"\x00\x01\x02binary", filename="x.bin")
    assert "archivo" in exc.value.errors
    assert not Documento.objects.exists()


def test_closed_expediente_refuses_documents(capturista, tipo):
    """No documents are added to a closed expediente."""
    cerrado = ExpedienteFactory(cerrado=True)
    actor = user_in(cerrado.unidad, Rol.CAPTURISTA)
    with pytest.raises(ConflictError):
        _add(actor, cerrado, tipo)


def test_other_unidad_cannot_add(expediente, tipo):
    """A capturista of another unidad is refused."""
    ajeno = user_in(UnidadFactory(), Rol.CAPTURISTA)
    with pytest.raises(PermissionDeniedError):
        _add(ajeno, expediente, tipo)


def test_role_without_add_documento_cannot_add(expediente, tipo):
    """A Firmante of the same unidad (no add_documento) is refused."""
    firmante = user_in(expediente.unidad, Rol.FIRMANTE)
    with pytest.raises(PermissionDeniedError):
        _add(firmante, expediente, tipo)


def test_new_version_keeps_history(capturista, expediente, tipo):
    """A new version gets the next number; the earlier one is unchanged; who/why recorded."""
    documento = _add(capturista, expediente, tipo, content=b"v1")
    first = documento.versiones.get()
    version = documento_version_add(
        actor=capturista, documento=documento, fileobj=io.BytesIO(b"v2"), filename="v2.txt", motivo="Corrección"
    )
    assert version.numero == 2 and version.motivo == "Corrección"
    assert VersionDocumento.objects.get(pk=first.pk).blob_id == first.blob_id
    assert EntradaBitacora.objects.get(accion="documento.nueva_version").datos["version"] == 2


def test_new_version_requires_reason_and_open_expediente(capturista, expediente, tipo):
    """Motivo is required; a closed expediente refuses new versions."""
    documento = _add(capturista, expediente, tipo)
    with pytest.raises(ApplicationError) as exc:
        documento_version_add(actor=capturista, documento=documento, fileobj=io.BytesIO(b"x"), filename="x", motivo="")
    assert "motivo" in exc.value.errors
    Expediente.objects.filter(pk=expediente.pk).update(estado=Expediente.Estado.CERRADO)
    documento.expediente.refresh_from_db()
    with pytest.raises(ConflictError):
        documento_version_add(
            actor=capturista, documento=documento, fileobj=io.BytesIO(b"x"), filename="x", motivo="Corrección"
        )


def test_reorder_documents(capturista, expediente, tipo):
    """Reorder sets 1..n in the given order and is audited; an incomplete list is refused."""
    a = _add(capturista, expediente, tipo, content=b"a")
    b = _add(capturista, expediente, tipo, content=b"b")
    c = _add(capturista, expediente, tipo, content=b"c")
    with pytest.raises(ApplicationError):
        documento_reorder(actor=capturista, expediente=expediente, documento_ids=[a.pk, b.pk])
    documento_reorder(actor=capturista, expediente=expediente, documento_ids=[c.pk, a.pk, b.pk])
    assert list(expediente.documentos.order_by("orden").values_list("pk", flat=True)) == [c.pk, a.pk, b.pk]
    assert EntradaBitacora.objects.filter(accion="expediente.reordenar").count() == 1


def test_version_open_streams_and_audits(capturista, expediente, tipo):
    """Reading content is recorded (descargar / ver) with version and sha256."""
    documento = _add(capturista, expediente, tipo, content=b"secreto")
    version = documento.versiones.get()
    with version_open(actor=capturista, version=version).stream as stream:
        assert stream.read() == b"secreto"
    version_open(actor=capturista, version=version, inline=True).stream.close()
    acciones = list(EntradaBitacora.objects.filter(objeto_tipo="earchivo.documento").values_list("accion", "datos"))
    assert ("documento.descargar", {"version": 1, "sha256": version.blob_id, "archivo": "oficio.txt"}) in acciones
    assert any(accion == "documento.ver" for accion, _ in acciones)


def test_version_open_refuses_invisible_expediente(expediente):
    """A user of another unidad cannot read the content."""
    documento = DocumentoFactory(expediente=expediente)
    ajeno = user_in(UnidadFactory(), Rol.CAPTURISTA)
    with pytest.raises(PermissionDeniedError):
        version_open(actor=ajeno, version=documento.versiones.get())
    assert not EntradaBitacora.objects.filter(accion="documento.descargar").exists()
