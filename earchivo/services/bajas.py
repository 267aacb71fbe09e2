"""Baja documental (domain.md §2.6): solicitud → dictamen → acta → ejecución.

The Archivo de Concentración asks (with the inventario de baja, see bajas_documentos); the Coordinación de Archivos
records the dictamen and the acta and executes. Only execution after a registered acta deletes content, and only
content no other record still needs; every expediente keeps its metadata (estado dado_de_baja, etapa baja) and the
proceso keeps its own documents for at least 7 years from the acta (LGA art. 31 fr. IX).
"""

import datetime
import io
import os

from django.db import transaction
from django.utils import timezone

from earchivo.models import (
    BajaExpediente,
    ClasificacionInformacion,
    DocumentoProcesoBaja,
    Expediente,
    ProcesoBaja,
    VersionDocumento,
)
from earchivo.selectors.ciclo import ELIMINACION, bloqueos_por_expediente, destino_final, sin_concentracion
from earchivo.services.bajas_documentos import acta_baja_pdf, inventario_baja_pdf
from earchivo.services.bajas_expediente import TIPO_ACTA, baja_expediente_file, baja_expediente_open, inventario_file
from earchivo.services.expedientes import years_add
from sai.audit.services import audit_record
from sai.core.access import require_perm
from sai.core.exceptions import ApplicationError, ConflictError
from sai.numeracion.services import numero_siguiente
from sai.search.services.indexing import search_enqueue
from sai.search.services.textos import texto_eliminar
from sai.storage.models import Blob
from sai.storage.services import blob_delete, blob_open, blob_put

MIN_TESTIGOS = 2
CONSERVAR_ANIOS = 7
GESTIONAR = "earchivo.gestionar_baja"
GESTIONAR_MSG = "Sólo la Coordinación de Archivos dictamina, registra el acta y ejecuta las bajas."


# --- eligibility ------------------------------------------------------------------------------------------------


def _razones(e: Expediente, hoy: datetime.date) -> list[str]:
    razones: list[str] = []
    if e.estado == Expediente.Estado.ABIERTO:
        razones.append("está abierto")
    elif e.estado == Expediente.Estado.EN_PRESTAMO:
        razones.append("está en préstamo: espere su devolución")
    elif e.estado == Expediente.Estado.DADO_DE_BAJA:
        return ["ya fue dado de baja"]
    if e.etapa == Expediente.Etapa.HISTORICO:
        razones.append("está en el archivo histórico (conservación permanente)")
    elif e.etapa == Expediente.Etapa.TRAMITE and not sin_concentracion(e):
        razones.append("sigue en el archivo de trámite y su serie tiene vigencia en concentración")
    if e.fin_concentracion is None or e.fin_concentracion > hoy:
        cuando = f"vence el {e.fin_concentracion:%d/%m/%Y}" if e.fin_concentracion else "no está calculado"
        razones.append(f"su plazo de conservación aún no vence ({cuando})")
    destino = destino_final(e)
    if destino != ELIMINACION:
        razones.append(f"su destino final es «{destino or 'sin disposición'}», no la eliminación")
    if reserva_vigente(e, hoy):
        cuando = f"hasta el {e.fecha_desclasificacion:%d/%m/%Y}" if e.fecha_desclasificacion else "sin fecha de término"
        razones.append(f"está clasificado como reservado y su periodo de reserva sigue corriendo ({cuando})")
    return razones


def reserva_vigente(e: Expediente, hoy: datetime.date) -> bool:
    """Whether classification still stops the baja: only a reserva whose period has not run out.

    Reserva is temporary (LGTAIP: up to 5 years, extendable): destroying a reservado while the period runs would
    remove what the Comité de Transparencia may still be asked to review, so it waits (or is declassified).
    Confidencial is permanent personal data, never declassified: refusing it would keep personal files (4C.3.1 and
    the like) forever, against their CADIDO and against the data-protection duty to delete personal data once its
    purpose is served (LGPDPPSO art. 23). So a confidential expediente whose destino final is eliminación is
    admitted like a public one; its content is destroyed by the baja, its titles stay as masked as ever.
    """
    if e.clasificacion != ClasificacionInformacion.RESERVADA:
        return False
    return e.fecha_desclasificacion is None or e.fecha_desclasificacion > hoy


def _refuse_ineligible(expedientes: list[Expediente], *, proceso: ProcesoBaja | None, mensaje: str) -> None:
    """Refuse naming every expediente and every reason; an active hold blocks at each step, not only at solicitud."""
    hoy = timezone.localdate()
    bloqueos = bloqueos_por_expediente(ids=[e.pk for e in expedientes], excluir_baja=proceso)
    errores = [f"{e.clave}: {r}" for e in expedientes for r in _razones(e, hoy) + bloqueos.get(e.pk, [])]
    if errores:
        raise (ApplicationError if proceso is None else ConflictError)(mensaje, errors={"expedientes": errores})


def _lock(proceso: ProcesoBaja) -> ProcesoBaja:
    return ProcesoBaja.objects.select_for_update().get(pk=proceso.pk)


def _expedientes(proceso: ProcesoBaja) -> list[Expediente]:
    ids = proceso.renglones.values_list("expediente_id", flat=True)
    return list(Expediente.objects.select_for_update().filter(pk__in=list(ids)).order_by("clave"))


# --- records of the proceso -------------------------------------------------------------------------------------


def _documento_add(*, proceso, tipo, contenido, nombre_archivo: str, actor) -> DocumentoProcesoBaja:
    blob = blob_put(fileobj=contenido)
    return DocumentoProcesoBaja.objects.create(
        proceso=proceso, tipo=tipo, blob=blob, nombre_archivo=nombre_archivo[:255], cargado_por=actor
    )


# --- solicitud --------------------------------------------------------------------------------------------------


BAJA_AMBITO = "baja"  # one consecutive per year for the whole institution


def baja_solicitar(*, actor, expedientes: list[Expediente], justificacion: str, ip: str | None = None) -> ProcesoBaja:
    """The Archivo de Concentración asks for the baja of eligible expedientes, with the generated inventario."""
    require_perm(actor, "earchivo.add_procesobaja", "Sólo el Archivo de Concentración solicita bajas documentales.")
    justificacion = (justificacion or "").strip()
    errors: dict[str, list[str]] = {}
    if not expedientes:
        errors["expedientes"] = ["Seleccione al menos un expediente."]
    if not justificacion:
        errors["justificacion"] = ["La justificación es obligatoria."]
    if errors:
        raise ApplicationError("Revise la solicitud de baja.", errors=errors)
    ids = [e.pk for e in expedientes]
    if len(set(ids)) != len(ids):
        raise ApplicationError("Expediente repetido.", errors={"expedientes": ["Un expediente aparece dos veces."]})
    with transaction.atomic():
        bloqueados = list(
            Expediente.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .select_related("unidad", "serie")
            .order_by("unidad__siglas", "clave")
        )
        _refuse_ineligible(bloqueados, proceso=None, mensaje="No se puede solicitar la baja.")
        perfil = getattr(actor, "perfil", None)
        unidad = perfil.unidad if perfil is not None and perfil.unidad_id else bloqueados[0].unidad
        anio = timezone.localdate().year
        proceso = ProcesoBaja.objects.create(
            anio=anio,
            numero=numero_siguiente(ambito=BAJA_AMBITO, anio=anio),
            unidad=unidad,
            solicitada_por=actor,
            justificacion=justificacion,
        )
        BajaExpediente.objects.bulk_create([BajaExpediente(proceso=proceso, expediente=e) for e in bloqueados])
        pdf = inventario_baja_pdf(proceso=proceso, expedientes=bloqueados)
        nombre = f"inventario-baja-{proceso.numero:03d}-{proceso.anio}.pdf"
        _documento_add(
            proceso=proceso,
            tipo=DocumentoProcesoBaja.Tipo.INVENTARIO,
            contenido=io.BytesIO(pdf),
            nombre_archivo=nombre,
            actor=actor,
        )
        propio = baja_expediente_open(actor=actor, proceso=proceso, ip=ip)
        inventario_file(actor=actor, proceso=proceso, pdf=pdf, filename=nombre, ip=ip)
        audit_record(
            actor=actor,
            action="baja.solicitar",
            obj=proceso,
            data={"expedientes": [e.clave for e in bloqueados], "justificacion": justificacion}
            | ({"expediente_proceso": propio.clave} if propio else {}),
            ip=ip,
        )
    return proceso


# --- dictamen y acta --------------------------------------------------------------------------------------------


def _fecha_errors(fecha, campo: str, errors: dict) -> None:
    if fecha is None:
        errors[campo] = ["La fecha es obligatoria."]
    elif fecha > timezone.localdate():
        errors[campo] = ["La fecha no puede ser futura."]


def baja_dictaminar(
    *, actor, proceso: ProcesoBaja, numero: str, fecha: datetime.date, emisor: str, ip: str | None = None
) -> ProcesoBaja:
    """Record the dictamen de baja (its control number, date and issuer: AGN, comité or Grupo Interdisciplinario)."""
    require_perm(actor, GESTIONAR, GESTIONAR_MSG)
    numero, emisor = (numero or "").strip(), (emisor or "").strip()
    errors: dict[str, list[str]] = {}
    if not numero:
        errors["numero"] = ["El número de dictamen es obligatorio."]
    _fecha_errors(fecha, "fecha", errors)
    if not emisor:
        errors["emisor"] = ["Indique quién emite el dictamen."]
    if errors:
        raise ApplicationError("Revise los datos del dictamen.", errors=errors)
    with transaction.atomic():
        proceso = _lock(proceso)
        if proceso.estado != ProcesoBaja.Estado.SOLICITADA:
            raise ConflictError(f"El proceso ya está {proceso.get_estado_display().lower()}: no admite dictamen.")
        _refuse_ineligible(_expedientes(proceso), proceso=proceso, mensaje="No se puede dictaminar la baja.")
        proceso.dictamen_numero, proceso.dictamen_fecha, proceso.dictamen_emisor = numero, fecha, emisor
        proceso.estado = ProcesoBaja.Estado.DICTAMINADA
        proceso.save(update_fields=["dictamen_numero", "dictamen_fecha", "dictamen_emisor", "estado"])
        audit_record(
            actor=actor,
            action="baja.dictaminar",
            obj=proceso,
            data={"numero": numero, "fecha": fecha, "emisor": emisor},
            ip=ip,
        )
    return proceso


def _testigos_clean(testigos) -> tuple[list[dict], list[str]]:
    limpios, errores = [], []
    for n, testigo in enumerate(testigos or [], start=1):
        testigo = testigo if isinstance(testigo, dict) else {}
        nombre = str(testigo.get("nombre") or "").strip()
        identificacion = str(testigo.get("identificacion") or "").strip()
        if not nombre:
            errores.append(f"Testigo {n}: falta el nombre.")
        if not identificacion:
            errores.append(f"Testigo {n}: falta la identificación.")
        limpios.append({"nombre": nombre, "identificacion": identificacion})
    if len(limpios) < MIN_TESTIGOS:
        errores.append(f"Se requieren al menos {MIN_TESTIGOS} testigos de asistencia.")
    return limpios, errores


def baja_registrar_acta(
    *,
    actor,
    proceso: ProcesoBaja,
    numero: str,
    fecha: datetime.date,
    lugar: str,
    testigos: list[dict],
    metodo_destruccion: str,
    fileobj=None,
    ip: str | None = None,
) -> ProcesoBaja:
    """Record the acta de baja (place, witnesses with ID, destruction method) with its scan, or SAI writes it."""
    require_perm(actor, GESTIONAR, GESTIONAR_MSG)
    numero, lugar, metodo = (numero or "").strip(), (lugar or "").strip(), (metodo_destruccion or "").strip()
    errors: dict[str, list[str]] = {}
    if not numero:
        errors["numero"] = ["El número de acta es obligatorio."]
    _fecha_errors(fecha, "fecha", errors)
    if not lugar:
        errors["lugar"] = ["El lugar es obligatorio."]
    testigos, testigos_err = _testigos_clean(testigos)
    if testigos_err:
        errors["testigos"] = testigos_err
    if not metodo:
        errors["metodo_destruccion"] = ["Indique el método de destrucción."]
    if errors:
        raise ApplicationError("Revise los datos del acta.", errors=errors)
    with transaction.atomic():
        proceso = _lock(proceso)
        if proceso.estado != ProcesoBaja.Estado.DICTAMINADA:
            raise ConflictError(
                f"El acta se registra después del dictamen (el proceso está {proceso.get_estado_display().lower()})."
            )
        if fecha < proceso.dictamen_fecha:
            raise ApplicationError(
                "Fecha del acta inválida.", errors={"fecha": ["El acta no puede ser anterior al dictamen."]}
            )
        _refuse_ineligible(_expedientes(proceso), proceso=proceso, mensaje="No se puede registrar el acta.")
        proceso.acta_numero, proceso.acta_fecha, proceso.acta_lugar = numero, fecha, lugar
        proceso.testigos, proceso.metodo_destruccion = testigos, metodo
        if fileobj is None:  # no scan of a paper acta: SAI writes the acta, to be signed like any document
            fileobj = io.BytesIO(acta_baja_pdf(proceso=proceso))
            fileobj.name = f"acta-baja-{proceso.numero:03d}-{proceso.anio}.pdf"
        nombre = os.path.basename(getattr(fileobj, "name", "") or "") or f"acta-{numero}.pdf"
        documento = _documento_add(
            proceso=proceso,
            tipo=DocumentoProcesoBaja.Tipo.ACTA,
            contenido=fileobj,
            nombre_archivo=nombre,
            actor=actor,
        )
        baja_expediente_file(
            actor=actor,
            proceso=proceso,
            tipo=TIPO_ACTA,
            titulo=f"Acta de baja documental {numero}",
            fecha=fecha,
            fileobj=fileobj,
            filename=nombre,
            ip=ip,
        )
        proceso.estado = ProcesoBaja.Estado.ACTA_REGISTRADA
        proceso.save(
            update_fields=["acta_numero", "acta_fecha", "acta_lugar", "testigos", "metodo_destruccion", "estado"]
        )
        audit_record(
            actor=actor,
            action="baja.acta",
            obj=proceso,
            data={
                "numero": numero,
                "fecha": fecha,
                "lugar": lugar,
                "testigos": testigos,
                "metodo_destruccion": metodo,
                "archivo": documento.blob_id,
            },
            ip=ip,
        )
    return proceso


# --- ejecución --------------------------------------------------------------------------------------------------


def _blobs_still_needed(candidatos: set[str], ids_baja: list[int]) -> set[str]:
    """Which candidate blobs something outside this baja still points at (any model, any app): never delete those.

    Rows keyed by the content itself (one-to-one on the hash, like search's extracted text) describe the content
    rather than need it; they are purged with it (`texto_eliminar`).
    """
    needed: set[str] = set()
    for rel in Blob._meta.get_fields(include_hidden=True):
        if not (rel.is_relation and rel.auto_created and not rel.concrete):
            continue
        if rel.one_to_one and rel.field.primary_key:
            continue
        campo = rel.field.name
        qs = rel.related_model._base_manager.filter(**{f"{campo}__in": candidatos})
        if rel.related_model is VersionDocumento:
            qs = qs.exclude(documento__expediente_id__in=ids_baja)
        needed |= set(qs.values_list(campo, flat=True))
    return needed


def baja_ejecutar(*, actor, proceso: ProcesoBaja, ip: str | None = None) -> ProcesoBaja:
    """Execute an authorised baja: delete the content, keep every record. Running it again does nothing."""
    require_perm(actor, GESTIONAR, GESTIONAR_MSG)
    with transaction.atomic():
        proceso = _lock(proceso)
        if proceso.estado == ProcesoBaja.Estado.EJECUTADA:
            return proceso
        if proceso.estado != ProcesoBaja.Estado.ACTA_REGISTRADA:
            raise ConflictError("La baja no puede ejecutarse antes de registrar el acta de baja documental.")
        expedientes = _expedientes(proceso)
        _refuse_ineligible(expedientes, proceso=proceso, mensaje="No se puede ejecutar la baja.")
        ids = [e.pk for e in expedientes]
        versiones = list(
            VersionDocumento.objects.filter(documento__expediente_id__in=ids).values_list(
                "documento__expediente_id", "blob_id"
            )
        )
        candidatos = {blob for _, blob in versiones}
        conservados = _blobs_still_needed(candidatos, ids)
        eliminar = sorted(candidatos - conservados)
        Expediente.objects.filter(pk__in=ids).update(estado=Expediente.Estado.DADO_DE_BAJA, etapa=Expediente.Etapa.BAJA)
        # Every version of these expedientes loses its content, even where the bytes live on for another record.
        VersionDocumento.objects.filter(documento__expediente_id__in=ids, eliminado__isnull=True).update(
            eliminado=timezone.now()
        )
        search_enqueue(label="earchivo.expediente", pks=ids)
        for e in expedientes:
            propios = sorted({blob for exp_id, blob in versiones if exp_id == e.pk})
            audit_record(
                actor=actor,
                action="expediente.baja",
                obj=e,
                data={
                    "proceso": str(proceso),
                    "acta": proceso.acta_numero,
                    "etapa_anterior": e.etapa,
                    "documentos": e.documentos.count(),
                    "contenidos_eliminados": [b for b in propios if b not in conservados],
                    "contenidos_conservados": [b for b in propios if b in conservados],
                },
                ip=ip,
            )
        proceso.estado = ProcesoBaja.Estado.EJECUTADA
        proceso.ejecutada_por, proceso.ejecutada = actor, timezone.now()
        proceso.conservar_hasta = years_add(proceso.acta_fecha, CONSERVAR_ANIOS)
        proceso.save(update_fields=["estado", "ejecutada_por", "ejecutada", "conservar_hasta"])
        audit_record(
            actor=actor,
            action="baja.ejecutar",
            obj=proceso,
            data={
                "expedientes": [e.clave for e in expedientes],
                "contenidos_eliminados": len(eliminar),
                "contenidos_conservados": len(candidatos & conservados),
                "conservar_hasta": proceso.conservar_hasta,
            },
            ip=ip,
        )
        # Last, so a failure above deletes nothing; a failure here rolls the records back and a retry finishes.
        for sha256 in eliminar:
            blob_delete(sha256=sha256)
            texto_eliminar(sha256=sha256)  # the extracted text is content too: forget it and reindex without it
    return proceso


def baja_documento_open(*, actor, documento: DocumentoProcesoBaja, ip: str | None = None):
    """Open one of the proceso's own records for download, recording who read it."""
    require_perm(actor, "earchivo.view_procesobaja", "No tiene permiso para consultar bajas documentales.")
    audit_record(
        actor=actor,
        action="baja.documento.descargar",
        obj=documento.proceso,
        data={"documento": documento.pk, "tipo": documento.tipo, "sha256": documento.blob_id},
        ip=ip,
    )
    return blob_open(sha256=documento.blob_id, verify=True)
