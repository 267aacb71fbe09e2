"""What e-archivo puts in the search index: expedientes and their documentos (with the current version's text).

Both carry the expediente's access inputs (unidad, etapa, clasificación, responsable, and the users/groups
holding a guardian grant of `ver_expediente_clasificado` on it), and `visibilidad` rebuilds the rule of
`earchivo.selectors.acceso.expediente_visibility_q` over them, so a search shows exactly what the expediente
pages would. tests/search/test_visibility_contract.py checks both agree.

Call `sai.search.services.search_enqueue(obj)` when any of these change (the services do):
- an expediente (any field, its classification, etapa, unidad) or its guardian grants -> `search_enqueue(expediente)`
  (its documentos are reindexed with it);
- a documento or a new version -> `search_enqueue(documento)`;
- a serie, tipo documental or unidad renamed -> `search_enqueue(node / tipo / unidad)`.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from guardian.models import GroupObjectPermission, UserObjectPermission

from earchivo.models import ClasificacionInformacion, Documento, Expediente, NodoClasificacion, VersionDocumento
from earchivo.permissions import (
    CUSTODIAR_CONCENTRACION,
    CUSTODIAR_HISTORICO,
    VER_CLASIFICADO,
    VER_EXPEDIENTES,
    VER_TODOS,
    unidad_id_of,
)
from sai.search.query import NADA, TODO, Term, filtro, o, y
from sai.search.registry import Indexable, register
from sai.search.schema import Acceso, Elemento

CUSTODIA = {CUSTODIAR_CONCENTRACION: Expediente.Etapa.CONCENTRACION, CUSTODIAR_HISTORICO: Expediente.Etapa.HISTORICO}


def expediente_visibilidad(user):
    """The filter tree of `expediente_visibility_q(user)` over the indexed `acceso_*` fields."""
    if not (user.is_authenticated and user.is_active) or not user.has_perm(VER_EXPEDIENTES):
        return NADA
    if user.has_perm(VER_TODOS):
        scope = TODO
    else:
        unidad_id = unidad_id_of(user)
        parts = [Term("acceso_unidad", (unidad_id,))] if unidad_id else []
        parts += [Term("acceso_etapa", (str(etapa),)) for perm, etapa in CUSTODIA.items() if user.has_perm(perm)]
        scope = o(*parts)
    grupos = tuple(user.groups.values_list("pk", flat=True))
    encabezadas = tuple(user.unidades_como_titular.values_list("pk", flat=True))
    granted = o(
        Term("acceso_usuarios", (user.pk,)),
        Term("acceso_grupos", grupos) if grupos else NADA,
        Term("acceso_unidad", encabezadas) if encabezadas else NADA,  # the titular of the unidad
    )
    if user.has_perm(VER_CLASIFICADO):
        return o(scope, granted)
    clasificado_ok = o(
        Term("acceso_clasificacion", (ClasificacionInformacion.PUBLICA.value,)),
        Term("acceso_responsable", (user.pk,)),
    )
    return o(y(scope, clasificado_ok), granted)


def _grants(expediente_ids) -> dict[int, tuple[list[int], list[int]]]:
    """Users and groups holding the per-expediente `ver_expediente_clasificado` grant."""
    content_type = ContentType.objects.get_for_model(Expediente)
    keys = [str(pk) for pk in expediente_ids]
    common = {"content_type": content_type, "permission__codename": "ver_expediente_clasificado"}
    out: dict[int, tuple[list[int], list[int]]] = {pk: ([], []) for pk in expediente_ids}
    for object_pk, user_id in UserObjectPermission.objects.filter(object_pk__in=keys, **common).values_list(
        "object_pk", "user_id"
    ):
        out[int(object_pk)][0].append(user_id)
    for object_pk, group_id in GroupObjectPermission.objects.filter(object_pk__in=keys, **common).values_list(
        "object_pk", "group_id"
    ):
        out[int(object_pk)][1].append(group_id)
    return out


class _Series:
    """Serie claves up to the fondo, loaded level by level (a handful of queries per batch)."""

    def __init__(self) -> None:
        self.nodes: dict[int, tuple[str, int | None]] = {}

    def load(self, node_ids) -> None:
        pending = set(node_ids)
        while pending := {m for m in pending if m is not None and m not in self.nodes}:
            rows = list(NodoClasificacion.objects.filter(pk__in=pending).values_list("pk", "clave", "padre_id"))
            for pk, clave, padre_id in rows:
                self.nodes[pk] = (clave, padre_id)
            pending = {padre_id for _, _, padre_id in rows}

    def path(self, node_id: int) -> list[str]:
        self.load([node_id])
        claves, current = [], node_id
        while current is not None and current in self.nodes:
            clave, current = self.nodes[current]
            claves.append(clave)
        return claves


def _expediente_parts(expediente: Expediente, grants, series: _Series) -> dict:
    usuarios, grupos = grants.get(expediente.pk, ([], []))
    serie = expediente.serie
    return {
        "acceso": Acceso(
            unidad=expediente.unidad_id,
            etapa=expediente.etapa,
            clasificacion=expediente.clasificacion,
            responsable=expediente.responsable_id,
            usuarios=usuarios,
            grupos=grupos,
        ),
        "facetas": {
            "serie": (serie.clave, f"{serie.clave} {serie.nombre}"),
            "unidad": (expediente.unidad.siglas, f"{expediente.unidad.siglas} · {expediente.unidad.nombre}"),
            "etapa": (expediente.etapa, str(Expediente.Etapa(expediente.etapa).label)),
            "clasificacion": (
                expediente.clasificacion,
                str(ClasificacionInformacion(expediente.clasificacion).label),
            ),
        },
        "filtros": [filtro("serie", c) for c in series.path(serie.pk)] + [filtro("expediente", expediente.clave)],
    }


def _enlace_expediente(pk: int) -> str:
    try:
        return reverse("earchivo:expediente_detail", kwargs={"pk": pk})
    except NoReverseMatch:
        return f"/archivo/expedientes/{pk}/"


class ExpedienteIndexable(Indexable):
    tipo = "expediente"
    etiqueta = "Expediente"
    modelo = Expediente

    def construir(self, ids, *, con_texto=True):
        expedientes = list(Expediente.objects.filter(pk__in=ids).select_related("serie", "unidad", "responsable"))
        grants = _grants([e.pk for e in expedientes])
        series = _Series()
        series.load({e.serie_id for e in expedientes})
        out = {}
        for e in expedientes:
            parts = _expediente_parts(e, grants, series)
            responsable = e.responsable.get_full_name() or e.responsable.get_username()
            out[e.pk] = Elemento(
                tipo=self.tipo,
                objeto_id=e.pk,
                titulo=e.titulo,
                fecha=e.fecha_apertura,
                claves=[e.clave],
                textos=[e.asunto, e.observaciones, e.serie.nombre, responsable],
                facetas={"objeto": (self.tipo, self.etiqueta), "anio": (str(e.anio), str(e.anio)), **parts["facetas"]},
                filtros=parts["filtros"],
                acceso=parts["acceso"],
                datos={"expediente_id": e.pk, "expediente_clave": e.clave, "estado": e.get_estado_display()},
            )
        return out

    def visibilidad(self, user):
        return expediente_visibilidad(user)

    def fuentes(self):
        return {
            "earchivo.expediente": lambda pk: [pk],
            "earchivo.nodoclasificacion": lambda pk: Expediente.objects.filter(
                Q(serie_id=pk) | Q(serie__padre_id=pk)
            ).values_list("pk", flat=True),
            "org.unidadadministrativa": lambda pk: Expediente.objects.filter(unidad_id=pk).values_list("pk", flat=True),
        }

    def enlace(self, hit) -> str:
        return _enlace_expediente(hit.objeto_id)


def _firmas(documento_ids) -> tuple[set[int], dict[int, list[str]]]:
    """Versions holding a PDF signed through firma, and each documento's signing folios (e-archivo's own record)."""
    signed: set[int] = set()
    folios: dict[int, list[str]] = {}
    for pk, documento_id, folio in VersionDocumento.objects.filter(
        documento_id__in=documento_ids, firma_solicitud__isnull=False
    ).values_list("pk", "documento_id", "firma_folio"):
        signed.add(pk)
        folios.setdefault(documento_id, []).append(folio)
    return signed, folios


def _texts(shas, con_texto: bool) -> dict:
    from sai.search.models import TextoExtraido
    from sai.search.services.textos import texto_solicitar

    rows = TextoExtraido.objects.filter(blob_id__in=shas)
    if not con_texto:
        rows = rows.defer("paginas")
    texts = {t.blob_id: t for t in rows}
    if con_texto:
        texto_solicitar(shas=shas)  # asks only for contents without text (or whose text a baja erased)
    return texts


def _metadatos_text(metadatos: dict) -> tuple[list[str], list[str]]:
    """("campo: valor" texts, folio-like values to match exactly)."""
    texts, claves = [], []
    for name, value in (metadatos or {}).items():
        if value in (None, ""):
            continue
        texts.append(f"{name}: {value}")
        if any(word in name.lower() for word in ("folio", "oficio", "numero", "número", "clave")):
            claves.append(str(value))
    return texts, claves


class DocumentoIndexable(Indexable):
    tipo = "documento"
    etiqueta = "Documento"
    modelo = Documento

    def construir(self, ids, *, con_texto=True):
        documentos = list(
            Documento.objects.filter(pk__in=ids).select_related(
                "expediente__serie", "expediente__unidad", "tipo_documental"
            )
        )
        current: dict[int, VersionDocumento] = {}
        for version in (
            VersionDocumento.objects.filter(documento_id__in=[d.pk for d in documentos])
            .select_related("blob")
            .only("pk", "documento_id", "numero", "blob_id", "blob__eliminado", "nombre_archivo", "eliminado")
            .order_by("documento_id", "-numero")
        ):
            current.setdefault(version.documento_id, version)
        # A version a baja removed has no text here even if its bytes live on elsewhere (its own state decides).
        live = {pk: v for pk, v in current.items() if v.eliminado is None and v.blob.eliminado is None}
        texts = _texts({v.blob_id for v in live.values()}, con_texto)
        grants = _grants({d.expediente_id for d in documentos})
        signed, folios = _firmas([d.pk for d in documentos])
        series = _Series()
        series.load({d.expediente.serie_id for d in documentos})
        out = {}
        for d in documentos:
            parts = _expediente_parts(d.expediente, grants, series)
            version = current.get(d.pk)
            texto = texts.get(version.blob_id) if d.pk in live else None
            meta_texts, meta_claves = _metadatos_text(d.metadatos)
            out[d.pk] = Elemento(
                tipo=self.tipo,
                objeto_id=d.pk,
                titulo=d.titulo,
                fecha=d.fecha,
                claves=[str(d.uuid), *meta_claves, *folios.get(d.pk, [])],
                textos=[d.autor, d.destinatario, *meta_texts, version.nombre_archivo if version else ""],
                paginas=list(texto.paginas) if con_texto and texto and texto.estado == "listo" else [],
                facetas={
                    "objeto": (self.tipo, self.etiqueta),
                    "anio": (str(d.fecha.year), str(d.fecha.year)),
                    "tipo_documental": (d.tipo_documental.nombre, d.tipo_documental.nombre),
                    **parts["facetas"],
                },
                filtros=parts["filtros"],
                firmado=version is not None and version.pk in signed,
                acceso=parts["acceso"],
                datos={
                    "expediente_id": d.expediente_id,
                    "expediente_clave": d.expediente.clave,
                    "expediente_titulo": d.expediente.titulo,
                    "version": version.numero if version else None,
                },
                texto_ref=(
                    f"{version.blob_id}:{texto.estado if texto else 'pendiente'}:{texto.metodo if texto else ''}"
                    if version
                    else ""
                ),
            )
        return out

    def visibilidad(self, user):
        return expediente_visibilidad(user)

    def fuentes(self):
        def of_expedientes(q):
            return Documento.objects.filter(q).values_list("pk", flat=True)

        return {
            "earchivo.documento": lambda pk: [pk],
            "earchivo.expediente": lambda pk: of_expedientes(Q(expediente_id=pk)),
            "earchivo.versiondocumento": lambda pk: VersionDocumento.objects.filter(pk=pk).values_list(
                "documento_id", flat=True
            ),
            "earchivo.tipodocumental": lambda pk: of_expedientes(Q(tipo_documental_id=pk)),
            "earchivo.nodoclasificacion": lambda pk: of_expedientes(
                Q(expediente__serie_id=pk) | Q(expediente__serie__padre_id=pk)
            ),
            "org.unidadadministrativa": lambda pk: of_expedientes(Q(expediente__unidad_id=pk)),
            "storage.blob": lambda sha: VersionDocumento.objects.filter(blob_id=sha).values_list(
                "documento_id", flat=True
            ),
        }

    def enlace(self, hit) -> str:
        return _enlace_expediente(hit.datos.get("expediente_id")) + f"#documento-{hit.objeto_id}"

    def enlace_contenido(self, hit) -> str:
        numero = hit.datos.get("version")
        if not numero:
            return ""
        try:
            url = reverse("earchivo:version_view", kwargs={"pk": hit.objeto_id, "numero": numero})
        except NoReverseMatch:
            url = f"/archivo/documentos/{hit.objeto_id}/v/{numero}/ver/"
        return f"{url}#page={hit.pagina}" if hit.pagina else url


register(ExpedienteIndexable())
register(DocumentoIndexable())
