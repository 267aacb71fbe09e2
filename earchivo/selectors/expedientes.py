"""Expediente reads: filtered lists, the detail page's data, classifiable series, and índice verification.

Everything starts from `earchivo.selectors.acceso`, so a list or a detail never shows what the user may not see.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet

from earchivo.models import (
    CuadroClasificacion,
    Documento,
    Expediente,
    IndiceElectronico,
    NodoClasificacion,
    TipoDocumental,
    VersionDocumento,
)
from earchivo.permissions import (
    AGREGAR_DOCUMENTO,
    CERRAR_EXPEDIENTE,
    MODIFICAR_DOCUMENTO,
    MODIFICAR_EXPEDIENTE,
    REABRIR_EXPEDIENTE,
    holds,
    in_scope,
    keeps,
    may_classify,
    may_declassify,
)
from earchivo.selectors.acceso import expediente_get_for_user, expediente_list_for_user
from earchivo.services.cierre import indice_contenido
from earchivo.services.expediente_reglas import canonical_hash
from earchivo.services.lecturas import LECTURA, RECHAZO
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import NotFoundError
from sai.core.orden import natural

HISTORIA_LIMITE = 200


# The list's sortable columns: the key a page sends in `orden` → the field sorted by.
ORDENES = {
    "clave": "clave",
    "titulo": "titulo",
    "serie": "serie__clave",
    "unidad": "unidad__siglas",
    "apertura": "fecha_apertura",
    "etapa": "etapa",
    "estado": "estado",
    "clasificacion": "clasificacion",
}


def expediente_list_filtered(
    *,
    user,
    serie: int | None = None,
    unidad: int | None = None,
    anio: int | None = None,
    etapa: str | None = None,
    estado: str | None = None,
    clasificacion: str | None = None,
    q: str | None = None,
    orden: str | None = None,
) -> QuerySet[Expediente]:
    """The user's visible expedientes narrowed by the list filters (each optional), sorted by `orden` (a key of
    ORDENES, "-" in front for descending; anything else keeps the default: newest year, then clave)."""
    qs = expediente_list_for_user(user=user)
    if serie:
        qs = qs.filter(Q(serie_id=serie) | Q(serie__padre_id=serie))
    if unidad:
        qs = qs.filter(unidad_id=unidad)
    if anio:
        qs = qs.filter(anio=anio)
    if etapa:
        qs = qs.filter(etapa=etapa)
    if estado:
        qs = qs.filter(estado=estado)
    if clasificacion:
        qs = qs.filter(clasificacion=clasificacion)
    if q and q.strip():
        text = q.strip()
        qs = qs.filter(Q(clave__icontains=text) | Q(titulo__icontains=text))
    campo = ORDENES.get((orden or "").removeprefix("-"))
    if campo is None:
        return qs.order_by("-anio", natural("clave"))
    termino = natural(campo) if campo in ("clave", "serie__clave") else F(campo)
    return qs.order_by(termino.desc() if (orden or "").startswith("-") else termino.asc(), natural("clave"))


def series_clasificables(*, unidad=None) -> QuerySet[NodoClasificacion]:
    """Serie/subserie leaves of the vigente CGCA where an expediente can be opened (by `unidad`, if given)."""
    qs = (
        NodoClasificacion.objects.filter(
            cuadro__estado=CuadroClasificacion.Estado.VIGENTE,
            nivel__in=[NodoClasificacion.Nivel.SERIE, NodoClasificacion.Nivel.SUBSERIE],
            disposicion__isnull=False,
        )
        .exclude(hijos__nivel=NodoClasificacion.Nivel.SUBSERIE)
        .select_related("padre")
    )
    if unidad is not None:
        qs = qs.filter(Q(unidades_productoras=unidad) | Q(unidades_productoras__isnull=True))
    return qs.distinct().order_by(natural("clave"))


def documentos_with_versions(*, expediente: Expediente) -> list[Documento]:
    """The documents in order, each with `versiones` newest first and `version_actual` set."""
    versiones = VersionDocumento.objects.select_related("blob", "creado_por").order_by("-numero")
    documentos = list(
        expediente.documentos.select_related("tipo_documental")
        .prefetch_related(Prefetch("versiones", queryset=versiones))
        .order_by("orden")
    )
    for documento in documentos:
        versions = list(documento.versiones.all())
        documento.version_actual = versions[0] if versions else None
    return documentos


def expediente_historia(*, expediente: Expediente, limit: int = HISTORIA_LIMITE) -> list[EntradaBitacora]:
    """The bitácora entries about this expediente or any of its documents, newest first.

    Page views and refusals are left to the bitácora page: here they would push the expediente's own history out.
    """
    documento_ids = [str(pk) for pk in expediente.documentos.values_list("pk", flat=True)]
    q = Q(objeto_tipo="earchivo.expediente", objeto_id=str(expediente.pk))
    if documento_ids:
        q |= Q(objeto_tipo="earchivo.documento", objeto_id__in=documento_ids)
    lecturas = Q(accion=LECTURA) | Q(accion__endswith=f".{RECHAZO}")
    return list(EntradaBitacora.objects.filter(q).exclude(lecturas).order_by("-seq")[:limit])


def indice_latest(*, expediente: Expediente) -> IndiceElectronico | None:
    return expediente.indices.order_by("-generado", "-pk").first()


@dataclass
class ExpedienteDetalle:
    expediente: Expediente
    documentos: list[Documento]
    historia: list[EntradaBitacora]
    indice: IndiceElectronico | None


def expediente_detail(*, user, id: int) -> ExpedienteDetalle:
    """Everything the expediente page shows, through the access door (NotFoundError when not visible)."""
    expediente = expediente_get_for_user(user=user, id=id)
    return ExpedienteDetalle(
        expediente=expediente,
        documentos=documentos_with_versions(expediente=expediente),
        historia=expediente_historia(expediente=expediente),
        indice=indice_latest(expediente=expediente),
    )


def documento_get_for_user(*, user, id: int) -> Documento:
    """A document of an expediente the user may see; otherwise NotFoundError."""
    documento = Documento.objects.filter(pk=id, expediente__in=expediente_list_for_user(user=user)).first()
    if documento is None:
        raise NotFoundError("El documento no existe o no tiene permiso para verlo.")
    return documento


def version_get_for_user(*, user, documento_id: int, numero: int | None = None) -> VersionDocumento:
    """A version (the current one if `numero` is None) of a document the user may see."""
    documento = documento_get_for_user(user=user, id=documento_id)
    versiones = documento.versiones.select_related("blob", "documento__expediente").order_by("-numero")
    version = versiones.filter(numero=numero).first() if numero is not None else versiones.first()
    if version is None:
        raise NotFoundError("La versión solicitada no existe.")
    return version


@dataclass
class IndiceVerificacion:
    """Result of checking a frozen índice: its own hash and each document against the current content."""

    indice: IndiceElectronico | None
    hash_ok: bool = False
    diferencias: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.indice is not None and self.hash_ok and not self.diferencias


def indice_verify(*, expediente: Expediente) -> IndiceVerificacion:
    """Compare the latest frozen índice with the expediente's current documents and versions."""
    indice = indice_latest(expediente=expediente)
    if indice is None:
        return IndiceVerificacion(indice=None, diferencias=["El expediente no tiene índice electrónico."])
    result = IndiceVerificacion(indice=indice, hash_ok=canonical_hash(indice.contenido) == indice.hash)
    if not result.hash_ok:
        result.diferencias.append("El contenido del índice no coincide con su SHA-256: fue alterado.")
    congelados = {d["uuid"]: d for d in indice.contenido.get("documentos", [])}
    actuales = {d["uuid"]: d for d in indice_contenido(expediente)["documentos"]}
    for uuid in sorted(set(congelados) - set(actuales)):
        result.diferencias.append(f"Falta el documento {congelados[uuid]['titulo']} ({uuid}).")
    for uuid in sorted(set(actuales) - set(congelados)):
        result.diferencias.append(f"Documento agregado después del cierre: {actuales[uuid]['titulo']} ({uuid}).")
    for uuid in sorted(set(congelados) & set(actuales)):
        before, now = congelados[uuid], actuales[uuid]
        changed = sorted(key for key in before if before[key] != now.get(key))
        if changed:
            result.diferencias.append(f"El documento {before['titulo']} cambió: {', '.join(changed)}.")
    return result


@dataclass(frozen=True)
class ExpedienteAcciones:
    """What the user may do on a visible expediente now: the page shows only these buttons (services re-check)."""

    editar: bool
    clasificar: bool  # clasificación, fundamento/plazo, responsable (or only declassify: Coordinación)
    capturar: bool
    versionar: bool
    cerrar: bool
    reabrir: bool


def expediente_acciones(*, user, expediente: Expediente, documentos: int) -> ExpedienteAcciones:
    abierto = expediente.estado == Expediente.Estado.ABIERTO
    propio = in_scope(user, expediente.unidad_id)
    cerrado_en_tramite = expediente.estado == Expediente.Estado.CERRADO and expediente.etapa == Expediente.Etapa.TRAMITE
    desclasificable = expediente.es_clasificado and may_declassify(user, expediente.unidad)
    return ExpedienteAcciones(
        editar=keeps(user, expediente) and holds(user, MODIFICAR_EXPEDIENTE),
        clasificar=abierto and (may_classify(user, expediente.unidad) or desclasificable),
        capturar=abierto and propio and holds(user, AGREGAR_DOCUMENTO),
        versionar=abierto and propio and holds(user, MODIFICAR_DOCUMENTO),
        cerrar=abierto and propio and documentos > 0 and holds(user, CERRAR_EXPEDIENTE),
        reabrir=cerrado_en_tramite and holds(user, REABRIR_EXPEDIENTE),
    )


def series_y_nodos() -> QuerySet[NodoClasificacion]:
    """Every node a request may name as serie (the service then checks it is a classifiable one)."""
    return NodoClasificacion.objects.all()


def tipos_documentales(*, q: str = "") -> QuerySet[TipoDocumental]:
    """The tipos people may choose for a document: active, not made by SAI for its own records; `q` narrows."""
    tipos = TipoDocumental.objects.filter(activo=True, del_sistema=False)
    return tipos.filter(nombre__icontains=q.strip()) if q and q.strip() else tipos


def tipos_documentales_administrables() -> QuerySet[TipoDocumental]:
    """The tipos the Coordinación manages (inactive ones included; SAI's own never)."""
    return TipoDocumental.objects.filter(del_sistema=False).annotate(documentos_count=Count("documentos"))


def tipo_documental_por_id(value, *, administrables: bool = False) -> TipoDocumental | None:
    """The tipo documental a request parameter names, or None (absent, not a number, unknown or not offered)."""
    text = str(value or "").strip()
    tipos = tipos_documentales_administrables() if administrables else tipos_documentales()
    return tipos.filter(pk=int(text)).first() if text.isdigit() and len(text) < 19 else None


def documento_with_versions(*, id: int) -> Documento:
    """A document just written, with what its serializer shows (tipo, versions and who made them)."""
    return (
        Documento.objects.select_related("tipo_documental")
        .prefetch_related("versiones__blob", "versiones__creado_por")
        .get(pk=id)
    )
