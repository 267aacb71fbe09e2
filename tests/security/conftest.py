"""Fixtures for the trust-boundary tests: a reservada expediente filed through the real services, and checkpoints
kept under a prefix of their own (the S3 bucket is shared, and Object Lock keeps what the tests write); the search
fixtures (each backend, private Elasticsearch indices)."""

import datetime
import io
import uuid
from types import SimpleNamespace

import pytest

from earchivo.services.documentos import documento_create
from earchivo.services.expedientes import expediente_create, expediente_update
from sai.audit import anchoring
from sai.org.roles import Rol
from tests.earchivo.factories import SerieFactory, TipoDocumentalFactory, user_in
from tests.factories import UnidadFactory
from tests.search.conftest import backend, es_config  # noqa: F401

# The secret: it appears in the expediente's title and asunto, the document's title and file name, and searches.
SECRETO = "ZAFIRO"


@pytest.fixture
def reservado(db):
    """A reservada expediente of DJ with one document, filed, renamed and read through the services."""
    dj = UnidadFactory(siglas="DJ")
    rat = user_in(dj, Rol.RESPONSABLE_AT)
    expediente = expediente_create(
        actor=rat,
        serie=SerieFactory(unidades=[dj]),
        unidad=dj,
        titulo=f"Denuncia {SECRETO} contra la Dirección de Obras",
        asunto=f"Investigación {SECRETO}",
        clasificacion="reservada",
        fundamento_clasificacion="Art. 113 fr. VI LGTAIP",
        fecha_clasificacion=datetime.date.today(),
        periodo_reserva_anios=5,
    )
    documento = documento_create(
        actor=rat,
        expediente=expediente,
        tipo_documental=TipoDocumentalFactory(),
        titulo=f"Acta {SECRETO}",
        fecha=datetime.date.today(),
        fileobj=io.BytesIO(b"Contenido reservado"),
        filename=f"acta-{SECRETO}.txt",
    )
    expediente = expediente_update(actor=rat, expediente=expediente, titulo=f"Denuncia {SECRETO} (ampliada)")
    return SimpleNamespace(unidad=dj, rat=rat, expediente=expediente, documento=documento)


@pytest.fixture
def anchor_prefix(monkeypatch, settings):
    """Checkpoints of this test only, retained one day where the bucket has Object Lock."""
    prefix = f"pruebas/{uuid.uuid4().hex}/puntos-de-control"
    monkeypatch.setattr(anchoring, "PREFIX", prefix)
    settings.SAI_AUDIT_CHECKPOINT_RETENCION_DIAS = 1
    return prefix
