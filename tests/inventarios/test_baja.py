"""The baja's records are written by inventarios through e-archivo's hook: an inventario de baja with boxes, weight
and signature blocks, and an acta de baja when no scan is given; both PDF/A. e-archivo never imports inventarios."""

import ast
import datetime
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from earchivo.models import DocumentoProcesoBaja, Expediente
from earchivo.services.bajas import baja_dictaminar, baja_registrar_acta, baja_solicitar
from earchivo.services.transferencias import transferencia_prepare, transferencia_receive, transferencia_review
from sai.org.roles import Rol
from sai.storage.services import blob_open
from tests.earchivo.ciclo_fixtures import expediente_para_baja
from tests.earchivo.factories import user_in
from tests.factories import UnidadFactory
from tests.inventarios.helpers import paginas
from tests.pdfa import assert_pdfa

ROOT = Path(__file__).resolve().parents[2]
TESTIGOS = [{"nombre": "Ana Pérez", "identificacion": "INE 123"}, {"nombre": "Luis Díaz", "identificacion": "INE 456"}]


def _pdf(proceso, tipo) -> bytes:
    documento = proceso.documentos.get(tipo=tipo)
    with blob_open(sha256=documento.blob_id) as stream:
        return stream.read()


@pytest.mark.django_db
def test_inventario_and_acta_de_baja_are_generated_signable_pdfa(settings):
    settings.SAI_INVENTARIO_KG_POR_CAJA = 10
    unidad = UnidadFactory()
    ac = user_in(unidad, Rol.CONCENTRACION, first_name="Rosa", last_name="Luna")
    coordinacion = user_in(UnidadFactory(), Rol.COORDINACION)
    expedientes = [expediente_para_baja(unidad=unidad, fojas=4) for _ in range(3)]
    # two more arrived in boxes 1 and 2 of a received transfer
    transferencia = transferencia_prepare(
        actor=user_in(unidad, Rol.RESPONSABLE_AT),
        tipo="primaria",
        unidad=unidad,
        expedientes=[expediente_para_baja(unidad=unidad, etapa=Expediente.Etapa.TRAMITE) for _ in range(2)],
        expedientes_por_caja=1,
    )
    transferencia_review(actor=coordinacion, transferencia=transferencia, aprobar=True, motivo="")
    transferencia_receive(actor=ac, transferencia=transferencia)
    expedientes += [r.expediente for r in transferencia.renglones.all()]
    proceso = baja_solicitar(actor=ac, expedientes=expedientes, justificacion="Plazos vencidos")
    inventario = _pdf(proceso, DocumentoProcesoBaja.Tipo.INVENTARIO)
    text = " ".join(paginas(inventario))
    for expected in ("Total de expedientes: 5", "Cajas: 2", "Peso estimado: 20.0 kg", "Elabora", "Rosa Luna"):
        assert expected in text
    assert "Revisa" in text and "Valida" in text and "Página 1 de" in text

    baja_dictaminar(actor=coordinacion, proceso=proceso, numero="DDF 0806-22", fecha=datetime.date.today(), emisor="GI")
    baja_registrar_acta(
        actor=coordinacion,
        proceso=proceso,
        numero="ABD 0806-22",
        fecha=datetime.date.today(),
        lugar="Ciudad de México",
        testigos=TESTIGOS,
        metodo_destruccion="Trituración",
    )
    acta = _pdf(proceso, DocumentoProcesoBaja.Tipo.ACTA)
    text = " ".join(paginas(acta))
    for expected in ("Acta de baja documental ABD 0806-22", "Ana Pérez", "INE 456", "DDF 0806-22", "Trituración"):
        assert expected in text
    assert len(PdfReader(io.BytesIO(acta)).pages) >= 1
    assert_pdfa(inventario, acta)


def test_earchivo_never_imports_inventarios():
    """Dependencies point one way (inventarios → earchivo): no e-archivo module imports the inventarios app."""
    offenders = []
    for path in (ROOT / "earchivo").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] == "inventarios"]
    assert offenders == []
