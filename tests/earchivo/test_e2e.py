"""The archive's whole life cycle through SAI's own services, as the demo institution would live it.

Import CGCA + CADIDO → open expedientes → add documents → close → the calendario shows them due → transferencia
primaria → then one goes on by transferencia secundaria (its inventory generated, filed in the transfers' expediente
and signed by entrega, revisa and recibe through firma) and the other by baja documental → the bitácora verifies.
"""

import datetime
import hashlib
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import storages
from django.core.management import call_command
from django.utils import timezone

from earchivo.models import Expediente, NodoClasificacion, TipoDocumental
from earchivo.selectors.calendario import calendario_caducidades
from earchivo.services import bajas, cierre, documentos, expedientes, transferencias
from earchivo.services.instrumentos import cuadro_publish
from earchivo.services.instrumentos_io import instrumentos_import
from firma.services import certificado_register, firma_sign, firma_validate, solicitud_create
from inventarios.services import generacion_archivar
from sai.audit.models import EntradaBitacora
from sai.org.models import UnidadAdministrativa
from sai.org.roles import Rol
from sai.storage.models import blob_key
from sai.storage.services import blob_open
from tests.earchivo.factories import pdf_bytes, user_in
from tests.earchivo.instrumentos_fixtures import SAMPLE
from tests.firma import conftest as firma_conftest
from tests.firma.conftest import grant, identify, llave
from tests.inventarios.helpers import generar, paginas

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("firma_settings")]
pki, firma_settings = firma_conftest.pki, firma_conftest.firma_settings  # the test PKI and its signing settings
User = get_user_model()


def demo_user(username: str):
    return User.objects.get(username=username)


def abrir_con_documentos(*, serie_clave: str, titulo: str) -> Expediente:
    tramite = demo_user("tramite")
    serie = NodoClasificacion.objects.get(cuadro__estado="vigente", clave=serie_clave)
    expediente = expedientes.expediente_create(
        actor=tramite,
        serie=serie,
        unidad=UnidadAdministrativa.objects.get(siglas="DEA"),
        titulo=titulo,
        responsable=tramite,
        fecha_apertura=datetime.date(2010, 1, 15),
    )
    tipo, _ = TipoDocumental.objects.get_or_create(nombre="Oficio")
    for numero, fecha in ((1, datetime.date(2010, 3, 2)), (2, datetime.date(2010, 11, 30))):
        documentos.documento_create(
            actor=tramite,
            expediente=expediente,
            tipo_documental=tipo,
            titulo=f"{titulo}: oficio {numero}",
            fecha=fecha,
            fileobj=io.BytesIO(pdf_bytes(pages=numero, text=f"{titulo} {numero}")),
            filename=f"oficio-{numero}.pdf",
        )
    return cierre.expediente_close(actor=tramite, expediente=expediente)


def inventario_de_transferencia_archivado(transferencia):
    """Before handing over, the archivo de concentración generates the transfer's inventory (PDF/A) and the
    SAIN's archivo de trámite files it in the transfers' expediente (serie 13S.2); returns the document, which
    e-archivo holds with the PDF's SHA-256."""
    entrega = demo_user("concentracion")
    sain = UnidadAdministrativa.objects.get(siglas="SAIN")
    archivista = user_in(sain, Rol.RESPONSABLE_AT)
    generacion = generar(entrega, tipo="transferencia", formato="pdf", transferencia_id=transferencia.pk)
    with blob_open(sha256=generacion.blob_id) as stream:
        inventario = stream.read()
    texto = " ".join(paginas(inventario))
    assert "1 1 INST/DEA/5C.20/0001/2010 Estados financieros 2010" in texto and "Página 1 de 1" in texto
    assert (
        "Entrega ______________________________ Carlos Navarro Peña Responsable del archivo de concentración" in texto
    )
    assert "Recibe ______________________________ Responsable del archivo histórico" not in texto

    expediente = expedientes.expediente_create(
        actor=archivista,
        serie=NodoClasificacion.objects.get(cuadro__estado="vigente", clave="13S.2"),
        unidad=sain,
        titulo=f"Transferencia secundaria {transferencia.pk}",
        responsable=archivista,
        fecha_apertura=timezone.localdate(),
    )
    tipo, _ = TipoDocumental.objects.get_or_create(nombre="Inventario de transferencia")
    generacion = generacion_archivar(
        actor=archivista, generacion=generacion, expediente_id=expediente.pk, tipo_documental=tipo
    )
    documento = generacion.documento
    assert documento.expediente == expediente
    assert documento.versiones.get().blob_id == generacion.blob_id == hashlib.sha256(inventario).hexdigest()
    return documento


def firmar_en_orden(documento, pki) -> None:
    """Who handed over, who reviewed and who received sign the filed inventory in that order through firma; e-archivo
    files the signed PDF as the document's new version, and every signature validates."""
    firmantes = []
    for username, name in (("concentracion", "firmante1"), ("coordinacion", "firmante2"), ("historico", "firmante3")):
        user = grant(identify(demo_user(username), pki, name), "firmar_documento", "solicitar_firma")
        firmantes.append((user, certificado_register(actor=user, cer=pki.cer(name)), name))
    cargos = ("Entrega", "Revisa", "Recibe")
    solicitud = solicitud_create(
        actor=firmantes[0][0],
        firmable_tipo="earchivo.version",
        firmable_id=documento.versiones.get().pk,
        firmantes=[(user, cargo) for (user, _, _), cargo in zip(firmantes, cargos, strict=True)],
        folio=f"TS/{documento.pk}",
    )
    for user, certificado, name in firmantes:
        key, password = llave(pki, name)
        firma_sign(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)

    firmada = documento.versiones.order_by("numero").last()
    assert firmada.numero == 2 and firmada.documento.expediente == documento.expediente
    with blob_open(sha256=firmada.blob_id, verify=True) as stream:
        pdf = stream.read()
    assert firmada.blob_id == hashlib.sha256(pdf).hexdigest()
    reporte = firma_validate(pdf=pdf)
    assert reporte.valido, reporte.error or [(f.firmante, f.intacta, f.confiable) for f in reporte.firmas]
    assert [f.rfc for f in reporte.firmas] == [u.perfil.rfc for u, _, _ in firmantes]


def test_from_cgca_import_to_secundaria_and_baja(demo, capsys, pki):
    """Every step succeeds in order, each expediente ends where the CADIDO sends it, and the chain verifies."""
    coordinacion, concentracion = demo_user("coordinacion"), demo_user("concentracion")
    with SAMPLE.open("rb") as sample:
        cuadro = instrumentos_import(actor=coordinacion, fileobj=sample, filename=SAMPLE.name).cuadro
    cuadro_publish(actor=coordinacion, cuadro=cuadro, fecha_aprobacion=timezone.localdate(), acuerdo="GIA/01/2026")

    estados = abrir_con_documentos(serie_clave="5C.20", titulo="Estados financieros 2010")  # destino conservación
    presupuesto = abrir_con_documentos(serie_clave="3C.10", titulo="Presupuesto anual 2010")  # destino eliminación
    assert estados.fecha_cierre == datetime.date(2010, 11, 30)
    assert (estados.fin_tramite, estados.fin_concentracion) == (
        datetime.date(2012, 11, 30),
        datetime.date(2022, 11, 30),
    )
    assert estados.fojas == 3

    due = {c.expediente.pk: c.accion for c in calendario_caducidades(user=coordinacion)}
    assert set(due) == {estados.pk, presupuesto.pk}
    assert set(due.values()) == {"primaria"}

    primaria = transferencias.transferencia_prepare(
        actor=demo_user("tramite"),
        tipo="primaria",
        unidad=estados.unidad,
        expedientes=[estados, presupuesto],
        expedientes_por_caja=1,
    )
    assert [(r.caja, r.numero_en_caja) for r in primaria.renglones.all()] == [(1, 1), (2, 1)]
    transferencias.transferencia_review(actor=coordinacion, transferencia=primaria, aprobar=True)
    transferencias.transferencia_receive(actor=concentracion, transferencia=primaria)
    estados.refresh_from_db()
    presupuesto.refresh_from_db()
    assert {estados.etapa, presupuesto.etapa} == {Expediente.Etapa.CONCENTRACION}

    due = {c.expediente.pk: c.accion for c in calendario_caducidades(user=coordinacion)}
    assert due == {estados.pk: "secundaria", presupuesto.pk: "baja"}

    secundaria = transferencias.transferencia_prepare(
        actor=concentracion, tipo="secundaria", unidad=estados.unidad, expedientes=[estados], expedientes_por_caja=5
    )
    transferencias.transferencia_review(actor=coordinacion, transferencia=secundaria, aprobar=True)
    inventario = inventario_de_transferencia_archivado(secundaria)
    transferencias.transferencia_receive(actor=demo_user("historico"), transferencia=secundaria)
    estados.refresh_from_db()
    assert (estados.etapa, estados.estado) == (Expediente.Etapa.HISTORICO, Expediente.Estado.CERRADO)
    firmar_en_orden(inventario, pki)

    blobs = [v.blob_id for d in presupuesto.documentos.all() for v in d.versiones.all()]
    proceso = bajas.baja_solicitar(actor=concentracion, expedientes=[presupuesto], justificacion="Plazo cumplido")
    bajas.baja_dictaminar(
        actor=coordinacion, proceso=proceso, numero="DDF-0806-26", fecha=timezone.localdate(), emisor="GIA"
    )
    bajas.baja_registrar_acta(
        actor=coordinacion,
        proceso=proceso,
        numero="ABD-0806-26",
        fecha=timezone.localdate(),
        lugar="Archivo de concentración, Ciudad de México",
        testigos=[
            {"nombre": "Ana Durán Quiroz", "identificacion": "INE 1234567890"},
            {"nombre": "Carlos Navarro Peña", "identificacion": "INE 0987654321"},
        ],
        metodo_destruccion="Trituración y reciclaje del papel",
    )
    bajas.baja_ejecutar(actor=coordinacion, proceso=proceso)
    presupuesto.refresh_from_db()
    assert (presupuesto.etapa, presupuesto.estado) == (Expediente.Etapa.BAJA, Expediente.Estado.DADO_DE_BAJA)
    assert presupuesto.documentos.count() == 2  # metadata kept
    assert not any(storages["blobs"].exists(blob_key(sha256)) for sha256 in blobs)  # content gone
    assert all(storages["blobs"].exists(d.blob.key) for d in proceso.documentos.all())  # proceso records kept

    acciones = set(EntradaBitacora.objects.values_list("accion", flat=True))
    assert {"expediente.cerrar", "transferencia.recibir", "baja.ejecutar"} <= acciones
    call_command("audit_verify")
    assert "Bitácora íntegra" in capsys.readouterr().out
