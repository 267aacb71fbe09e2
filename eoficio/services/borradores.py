"""Drafting: create an oficio in an expediente, let it save itself as people type, set recipients and anexos.

Only a borrador changes; whoever drafted it, the titular it is drafted for, or an assistant working either one's
bandeja may change it. Every change is one transaction and one bitácora entry.
"""

from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from earchivo.models import Expediente
from earchivo.selectors.acceso import expediente_list_for_user
from earchivo.services.expedientes import expediente_create
from eoficio.models import Anexo, Destinatario, EstadoOficio, FirmanteOficio, Oficio, TipoOficio
from eoficio.permissions import require_elaborar
from eoficio.selectors.acceso import personas_de
from eoficio.services.cuerpo import LIMITE, cuerpo_sanitize
from sai.audit.services import audit_record
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sai.org.models import UnidadAdministrativa
from sai.storage.services import blob_put

CAMPOS = ("tipo", "asunto", "referencia", "cuerpo", "revision_en_orden")


def require_autor(actor, oficio: Oficio) -> None:
    """The actor drafted it, is the titular it is drafted for, or works the bandeja of one of them."""
    personas = personas_de(actor)
    if oficio.elaborado_por_id not in personas and oficio.en_nombre_de_id not in personas:
        raise PermissionDeniedError("Solo quien elabora el oficio, su titular o su secretaría particular lo modifican.")


def require_estado(oficio: Oficio, *estados: str, accion: str) -> None:
    if oficio.estado not in estados:
        raise ConflictError(f"No se puede {accion}: el oficio está en estado «{oficio.get_estado_display()}».")


def lock(oficio: Oficio) -> Oficio:
    return Oficio.objects.select_for_update().select_related("unidad", "expediente").get(pk=oficio.pk)


def _unidad_de(user) -> UnidadAdministrativa | None:
    perfil = getattr(user, "perfil", None)
    return perfil.unidad if perfil is not None else None


def _expediente_check(actor, expediente: Expediente, unidad) -> dict:
    if expediente.unidad_id != unidad.pk:
        return {"expediente": [f"El expediente {expediente.clave} no es de la unidad {unidad.siglas}."]}
    if not expediente_list_for_user(user=actor).filter(pk=expediente.pk).exists():
        return {"expediente": ["No tiene acceso a ese expediente."]}
    if expediente.estado != Expediente.Estado.ABIERTO:
        return {"expediente": [f"El expediente {expediente.clave} está cerrado."]}
    return {}


@transaction.atomic
def oficio_create(
    *,
    actor,
    tipo: str = TipoOficio.OFICIO,
    expediente: Expediente | None = None,
    serie=None,
    titulo_expediente: str = "",
    asunto: str = "",
    en_nombre_de=None,
    respuesta_a: Oficio | None = None,
    ip: str | None = None,
) -> Oficio:
    """A new borrador of the actor's unidad (or of the titular it is drafted for) in an expediente chosen or opened
    now from a serie the unidad produces (`serie` + `titulo_expediente`): classified from birth."""
    require_elaborar(actor)
    errors: dict[str, list[str]] = {}
    if tipo not in TipoOficio.values:
        errors["tipo"] = [f"Use uno de: {', '.join(TipoOficio.values)}."]
    ajeno = en_nombre_de is not None and en_nombre_de.pk not in personas_de(actor)
    if ajeno and (_unidad_de(en_nombre_de) is None or _unidad_de(en_nombre_de) != _unidad_de(actor)):
        errors["en_nombre_de"] = ["Solo elabora a nombre de un titular de su unidad o que le delegó su bandeja."]
    unidad = _unidad_de(en_nombre_de or actor)
    if unidad is None:
        raise ApplicationError("Su cuenta no tiene unidad administrativa.", errors={"unidad": ["Sin unidad."]})
    if errors:
        raise ApplicationError("Revise los datos del oficio.", errors=errors)
    if expediente is None and serie is None:
        raise ApplicationError(
            "Indique el expediente.", errors={"expediente": ["Elija un expediente o abra uno en una serie."]}
        )
    if expediente is None:
        expediente = expediente_create(actor=actor, serie=serie, unidad=unidad, titulo=titulo_expediente, ip=ip)
    if errors := _expediente_check(actor, expediente, unidad):
        raise ApplicationError("Revise el expediente.", errors=errors)
    oficio = Oficio.objects.create(
        tipo=tipo,
        unidad=unidad,
        expediente=expediente,
        asunto=(asunto or "").strip()[:500],
        elaborado_por=actor,
        en_nombre_de=en_nombre_de,
        respuesta_a=respuesta_a,
    )
    audit_record(
        actor=actor,
        action="oficio.crear",
        obj=oficio,
        data={"tipo": tipo, "expediente": expediente.clave, "en_nombre_de": getattr(en_nombre_de, "username", "")},
        ip=ip,
    )
    return oficio


@transaction.atomic
def oficio_update(*, actor, oficio: Oficio, ip: str | None = None, **changes) -> Oficio:
    """Save what changed in a borrador (the autosave endpoint calls this on every pause in typing)."""
    desconocidos = set(changes) - set(CAMPOS)
    if desconocidos:
        raise ApplicationError("Campos desconocidos.", errors={c: ["No se puede modificar."] for c in desconocidos})
    oficio = lock(oficio)
    require_autor(actor, oficio)
    require_estado(oficio, EstadoOficio.BORRADOR, accion="modificar")
    errors = {}
    if "tipo" in changes and changes["tipo"] not in TipoOficio.values:
        errors["tipo"] = [f"Use uno de: {', '.join(TipoOficio.values)}."]
    if len(changes.get("asunto") or "") > 500:
        errors["asunto"] = ["El asunto admite hasta 500 caracteres."]
    if len(changes.get("cuerpo") or "") > LIMITE:
        errors["cuerpo"] = [f"El cuerpo admite hasta {LIMITE} caracteres."]
    if errors:
        raise ApplicationError("Revise los datos del oficio.", errors=errors)
    if "cuerpo" in changes:
        changes["cuerpo"] = cuerpo_sanitize(changes["cuerpo"])
    cambiados = [campo for campo, valor in changes.items() if getattr(oficio, campo) != valor]
    for campo in cambiados:
        setattr(oficio, campo, changes[campo])
    if cambiados:
        oficio.save(update_fields=[*cambiados, "actualizado"])
        audit_record(actor=actor, action="oficio.guardar", obj=oficio, data={"campos": cambiados}, ip=ip)
    return oficio


def _destinatario(datos: dict, orden: int) -> tuple[Destinatario | None, list[str]]:
    usuario, unidad = datos.get("usuario"), datos.get("unidad")
    if usuario is not None and unidad is None:
        unidad = _unidad_de(usuario)
    destinatario = Destinatario(
        orden=orden,
        copia=bool(datos.get("copia")),
        usuario=usuario,
        unidad=unidad,
        nombre=(datos.get("nombre") or (usuario.get_full_name() if usuario else "")).strip(),
        cargo=(datos.get("cargo") or (usuario.perfil.cargo if usuario and hasattr(usuario, "perfil") else "")).strip(),
        institucion=(datos.get("institucion") or "").strip(),
        email=(datos.get("email") or "").strip(),
    )
    problemas = []
    if unidad is None and not destinatario.nombre:
        problemas.append(f"Destinatario {orden}: indique una unidad o persona de SAI, o el nombre del externo.")
    if unidad is None and not destinatario.email:
        problemas.append(f"Destinatario {orden}: un destinatario externo necesita correo electrónico.")
    if destinatario.email:
        try:
            validate_email(destinatario.email)
        except ValidationError:
            problemas.append(f"Destinatario {orden}: «{destinatario.email}» no es un correo válido.")
    return destinatario, problemas


@transaction.atomic
def destinatarios_set(*, actor, oficio: Oficio, destinatarios: list[dict], ip: str | None = None) -> list:
    """Replace the recipients and c.c.p. of a borrador. Each item: usuario/unidad (internal) or nombre, cargo,
    institución and e-mail (external); `copia` marks a c.c.p."""
    oficio = lock(oficio)
    require_autor(actor, oficio)
    require_estado(oficio, EstadoOficio.BORRADOR, accion="cambiar los destinatarios")
    filas, problemas = [], []
    for orden, datos in enumerate(destinatarios, start=1):
        fila, errores = _destinatario(datos, orden)
        filas.append(fila)
        problemas += errores
    if problemas:
        raise ApplicationError("Revise los destinatarios.", errors={"destinatarios": problemas})
    oficio.destinatarios.all().delete()
    for fila in filas:
        fila.oficio = oficio
    Destinatario.objects.bulk_create(filas)
    audit_record(
        actor=actor,
        action="oficio.destinatarios",
        obj=oficio,
        data={"destinatarios": [str(f) for f in filas if not f.copia], "ccp": [str(f) for f in filas if f.copia]},
        ip=ip,
    )
    return filas


@transaction.atomic
def anexo_add(
    *, actor, oficio: Oficio, fileobj: BinaryIO, filename: str, descripcion: str = "", ip: str | None = None
) -> Anexo:
    """Store an anexo (content-addressed, write-once) and list it on the borrador."""
    oficio = lock(oficio)
    require_autor(actor, oficio)
    require_estado(oficio, EstadoOficio.BORRADOR, accion="agregar anexos")
    nombre = (filename or "").rsplit("/", 1)[-1].strip()[:255]
    if not nombre:
        raise ApplicationError("Falta el archivo.", errors={"archivo": ["Elija el archivo del anexo."]})
    blob = blob_put(fileobj=fileobj)
    orden = oficio.anexos.count() + 1
    anexo = Anexo.objects.create(oficio=oficio, orden=orden, blob=blob, nombre_archivo=nombre, descripcion=descripcion)
    audit_record(
        actor=actor, action="oficio.anexo_agregar", obj=oficio, data={"archivo": nombre, "sha256": blob.sha256}, ip=ip
    )
    return anexo


@transaction.atomic
def anexo_remove(*, actor, anexo: Anexo, ip: str | None = None) -> None:
    oficio = lock(anexo.oficio)
    require_autor(actor, oficio)
    require_estado(oficio, EstadoOficio.BORRADOR, accion="quitar anexos")
    anexo.delete()
    audit_record(actor=actor, action="oficio.anexo_quitar", obj=oficio, data={"archivo": anexo.nombre_archivo}, ip=ip)


@transaction.atomic
def firmantes_set(*, actor, oficio: Oficio, firmantes: list[dict], ip: str | None = None) -> list[FirmanteOficio]:
    """Replace the ordered signers of a borrador: each {"usuario", "cargo" (default: their profile's),
    "suplencia" (a firma Suplencia when a suplente signs for an absent titular)}. Competence is checked when the
    oficio is sent to signature, on that day."""
    oficio = lock(oficio)
    require_autor(actor, oficio)
    require_estado(oficio, EstadoOficio.BORRADOR, accion="cambiar los firmantes")
    usuarios = [datos.get("usuario") for datos in firmantes]
    if not firmantes or None in usuarios:
        raise ApplicationError("Indique los firmantes.", errors={"firmantes": ["Elija al menos una persona."]})
    if len({u.pk for u in usuarios}) != len(usuarios):
        raise ApplicationError("Un firmante aparece dos veces.", errors={"firmantes": ["Cada persona firma una vez."]})
    filas = []
    for orden, datos in enumerate(firmantes, start=1):
        usuario = datos["usuario"]
        cargo = (datos.get("cargo") or getattr(getattr(usuario, "perfil", None), "cargo", "")).strip()
        filas.append(
            FirmanteOficio(oficio=oficio, orden=orden, usuario=usuario, cargo=cargo, suplencia=datos.get("suplencia"))
        )
    oficio.firmantes.all().delete()
    FirmanteOficio.objects.bulk_create(filas)
    audit_record(
        actor=actor,
        action="oficio.firmantes",
        obj=oficio,
        data={"firmantes": [f"{f.usuario.get_username()} ({f.cargo})" for f in filas]},
        ip=ip,
    )
    return filas
