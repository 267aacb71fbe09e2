"""Search: SAI's search service against the same requests sent raw to Elasticsearch, and bulk indexing
through SAI (build from the database + bulk) against a raw bulk of the same bodies.

The corpus is a synthetic Spanish archive written straight to the (throw-away) database: SAI_BENCH_SEARCH_DOCS
documents (default 20000; 1000000 works, given the disk), ten per expediente, 1-3 pages of text each, spread
over unidades, series, years and classifications. Indices use their own prefix and are dropped at the end.
"""

import datetime
import hashlib
import os
import random
import re
import statistics
import time
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from earchivo.models import (
    ClasificacionInformacion,
    CuadroClasificacion,
    Documento,
    Expediente,
    NodoClasificacion,
    TipoDocumental,
    VersionDocumento,
)
from sai.org.models import Perfil, UnidadAdministrativa
from sai.org.roles import Rol
from sai.search import registry
from sai.search.backends import get_backend
from sai.search.models import TextoExtraido
from sai.search.query import facet_filters, query_parse, y
from sai.search.results import Consulta
from sai.search.schema import elemento_body, es_mappings, es_settings
from sai.search.selectors import search_run
from sai.search.services.indexing import search_rebuild
from sai.storage.models import Blob

DOCS = int(os.environ.get("SAI_BENCH_SEARCH_DOCS", "20000"))
PER_EXPEDIENTE = 10
CHUNK = 5000
ROUNDS = int(os.environ.get("SAI_BENCH_SEARCH_ROUNDS", "25"))
RAW_BULK_SAMPLE = 20000

UNIDADES = [
    ("UTTYPDP", "Unidad de Transparencia"),
    ("DGA", "Dirección General de Administración"),
    ("DJ", "Dirección Jurídica"),
    ("DRM", "Dirección de Recursos Materiales"),
    ("DRH", "Dirección de Recursos Humanos"),
    ("OIC", "Órgano Interno de Control"),
    ("DGP", "Dirección General de Planeación"),
    ("DTI", "Dirección de Tecnologías"),
    ("CA", "Coordinación de Archivos"),
    ("DF", "Dirección de Finanzas"),
]
SERIES = [
    ("4C.3", "Contratos y convenios"),
    ("4C.4", "Licitaciones públicas"),
    ("5C.1", "Presupuesto"),
    ("6C.2", "Auditorías"),
    ("2C.5", "Solicitudes de acceso a la información"),
    ("3C.1", "Personal"),
    ("1C.7", "Correspondencia oficial"),
    ("7C.2", "Actas de entrega-recepción"),
]
TIPOS = ["Oficio", "Contrato", "Acta", "Dictamen", "Memorándum", "Factura", "Informe", "Circular"]
_TEXT = (
    "contrato arrendamiento licitación pública nacional presupuesto ejercicio fiscal auditoría dictamen "
    "solicitud información transparencia recurso revisión oficio acuerdo comité adquisiciones servicios "
    "proveedor factura pago partida modificación convenio anexo técnico entrega recepción acta sesión "
    "ordinaria extraordinaria dirección unidad administrativa archivo trámite concentración expediente "
    "resolución procedimiento responsabilidad administrativa servidor público nombramiento plaza nómina "
    "capacitación programa anual obra mantenimiento inmueble vehículo combustible viáticos comisión "
    "informe trimestral evaluación indicadores metas cumplimiento observación hallazgo solventación "
    "cancelado suspendido vigente autorizado pendiente notificación plazo días hábiles fundamento ley "
    "artículo reglamento lineamientos manual política seguridad datos personales reservada confidencial"
)
_FILLER = "de la el en y a los las del por con para que se su al lo como más sobre entre"
WORDS, FILLER = re.findall(r"\S+", _TEXT), re.findall(r"\S+", _FILLER)
QUERIES = [
    ("contrato de arrendamiento", {}, "relevancia"),
    ('"licitación pública nacional"', {}, "relevancia"),
    ("presupuesto -cancelado", {}, "relevancia"),
    ("auditoria 2023", {}, "relevancia"),
    ("serie:4C.3 dictamen", {}, "relevancia"),
    ("solicitud OR recurso transparencia", {}, "fecha"),
    ("oficio año:2021..2023", {}, "relevancia"),
    ("presupuseto ejercisio", {}, "relevancia"),
    ("", {"tipo_documental": ["Acta"]}, "fecha"),
    ("acta entrega recepción firmado:no", {}, "relevancia"),
    ("{clave}", {}, "relevancia"),
]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) if rng.random() < 0.55 else rng.choice(FILLER) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def _page(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(8, 20)))


def _user(username: str, unidad, role: str):
    user = get_user_model().objects.create(username=username, first_name="Bench", last_name=username)
    user.groups.add(Group.objects.get(name=role))
    Perfil.objects.create(usuario=user, unidad=unidad, cargo="Bench")
    return get_user_model().objects.get(pk=user.pk)


def corpus(docs: int) -> dict:
    """Write the synthetic archive with bulk inserts; returns the users and a clave to look up."""
    rng = random.Random(20240917)
    unidades = [UnidadAdministrativa.objects.create(siglas=s, nombre=n) for s, n in UNIDADES]
    cuadro = CuadroClasificacion.objects.create(version=900, nombre="Bench", estado="borrador")
    fondo = NodoClasificacion.objects.create(cuadro=cuadro, nivel="fondo", clave="BENCH", nombre="Bench")
    series = []
    for clave, nombre in SERIES:
        seccion = NodoClasificacion.objects.get_or_create(
            cuadro=cuadro,
            nivel="seccion",
            clave=clave.split(".")[0],
            defaults={"nombre": f"Sección {clave}", "padre": fondo},
        )[0]
        series.append(
            NodoClasificacion.objects.create(cuadro=cuadro, nivel="serie", clave=clave, nombre=nombre, padre=seccion)
        )
    tipos = [TipoDocumental.objects.get_or_create(nombre=n)[0] for n in TIPOS]
    staff = _user("bench-staff", unidades[0], Rol.CAPTURISTA)
    auditor = _user("bench-auditor", unidades[8], Rol.AUDITOR)
    clasificaciones = [ClasificacionInformacion.PUBLICA] * 8 + [
        ClasificacionInformacion.RESERVADA,
        ClasificacionInformacion.CONFIDENCIAL,
    ]
    etapas = [Expediente.Etapa.TRAMITE] * 6 + [Expediente.Etapa.CONCENTRACION] * 3 + [Expediente.Etapa.HISTORICO]
    made, numero = 0, 0
    while made < docs:
        count = min(CHUNK, docs - made)
        expedientes = []
        for _ in range(-(-count // PER_EXPEDIENTE)):
            numero += 1
            anio, serie, unidad = rng.randint(2015, 2025), rng.choice(series), rng.choice(unidades)
            expedientes.append(
                Expediente(
                    clave=f"BENCH/{unidad.siglas}/{serie.clave}/{numero:06d}/{anio}",
                    fondo="BENCH",
                    serie=serie,
                    unidad=unidad,
                    anio=anio,
                    numero=numero,
                    titulo=_sentence(rng)[:200],
                    asunto=_sentence(rng),
                    responsable=staff,
                    fecha_apertura=datetime.date(anio, rng.randint(1, 12), rng.randint(1, 28)),
                    etapa=rng.choice(etapas),
                    clasificacion=rng.choice(clasificaciones),
                )
            )
        expedientes = Expediente.objects.bulk_create(expedientes)
        documentos, blobs, textos = [], [], []
        for n in range(count):
            expediente = expedientes[n // PER_EXPEDIENTE]
            sha = hashlib.sha256(f"bench-{made + n}".encode()).hexdigest()
            blobs.append(Blob(sha256=sha, size=1000, mime="text/plain"))
            textos.append(
                TextoExtraido(
                    blob_id=sha, estado="listo", metodo="texto", paginas=[_page(rng) for _ in range(rng.randint(1, 3))]
                )
            )
            documentos.append(
                Documento(
                    uuid=uuid.uuid4(),
                    expediente=expediente,
                    tipo_documental=rng.choice(tipos),
                    titulo=_sentence(rng)[:200],
                    fecha=expediente.fecha_apertura + datetime.timedelta(days=rng.randint(0, 300)),
                    autor="Bench",
                    orden=n % PER_EXPEDIENTE + 1,
                    fojas=1,
                )
            )
        Blob.objects.bulk_create(blobs)
        TextoExtraido.objects.bulk_create(textos)
        documentos = Documento.objects.bulk_create(documentos)
        VersionDocumento.objects.bulk_create(
            [
                VersionDocumento(
                    documento=d,
                    numero=1,
                    blob_id=b.sha256,
                    nombre_archivo="documento.txt",
                    motivo="Bench",
                    creado_por=staff,
                )
                for d, b in zip(documentos, blobs, strict=True)
            ]
        )
        made += count
    return {"staff": staff, "auditor": auditor, "clave": Expediente.objects.order_by("pk").first().clave}


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _raw_bulk(backend, items: int) -> tuple[int, float]:
    """Bodies built by SAI beforehand (not timed), then sent with plain bulk requests to a twin index."""
    bodies = []
    for _, indexable in sorted(registry.tipos().items()):
        ids = list(indexable.ids()[: items - len(bodies)])
        for start in range(0, len(ids), 500):
            bodies += [elemento_body(e) for e in indexable.construir(ids[start : start + 500]).values()]
    index = f"{backend.alias}-rawbulk"
    backend.client.indices.create(index=index, settings=es_settings(), mappings=es_mappings())
    backend.client.indices.put_settings(index=index, settings={"refresh_interval": "-1"})
    started = time.perf_counter()
    for start in range(0, len(bodies), 500):
        operations = []
        for body in bodies[start : start + 500]:
            operations += [{"index": {"_index": index, "_id": body["key"]}}, body]
        backend.client.bulk(operations=operations)
    elapsed = time.perf_counter() - started
    backend.client.indices.delete(index=index)
    return len(bodies), elapsed


def _raw_body(user, q: str, facetas: dict, orden: str) -> dict:
    consulta = Consulta(
        arbol=query_parse(q),
        filtro=y(registry.visibility_filter(user), facet_filters(facetas)),
        orden=orden,
    )
    return get_backend().compiled(consulta)


def _queries(backend, users: dict) -> tuple[list[float], list[float]]:
    sai, raw = [], []
    cases = []
    for q, facetas, orden in QUERIES:
        q = q.format(clave=users["clave"])
        for who in ("staff", "auditor"):
            user = users[who]
            cases.append((user, q, facetas, orden, _raw_body(user, q, facetas, orden)))
    for user, q, facetas, orden, body in cases:  # warm caches on both paths
        search_run(user=user, q=q, facetas=facetas, orden=orden)
        backend.client.search(index=backend.alias, **body)
    for _ in range(ROUNDS):
        for user, q, facetas, orden, body in cases:
            started = time.perf_counter()
            search_run(user=user, q=q, facetas=facetas, orden=orden)
            sai.append(time.perf_counter() - started)
            started = time.perf_counter()
            backend.client.search(index=backend.alias, **body)
            raw.append(time.perf_counter() - started)
    return sai, raw


def run() -> list[tuple[str, float, str]]:
    previous = (settings.SAI_SEARCH, settings.SAI_ELASTICSEARCH)
    settings.SAI_SEARCH = "elasticsearch"
    settings.SAI_ELASTICSEARCH = {**settings.SAI_ELASTICSEARCH, "INDEX_PREFIX": f"sai_bench_{os.getpid()}"}
    backend = get_backend()
    try:
        started = time.perf_counter()
        users = corpus(DOCS)
        corpus_s = time.perf_counter() - started
        items = Documento.objects.count() + Expediente.objects.count()
        started = time.perf_counter()
        search_rebuild()
        sai_bulk_s = time.perf_counter() - started
        raw_items, raw_bulk_s = _raw_bulk(backend, min(items, RAW_BULK_SAMPLE))
        sai, raw = _queries(backend, users)
        p95_sai, p95_raw = _pct(sai, 0.95), _pct(raw, 0.95)
        return [
            (f"corpus: documentos (+ expedientes) written in {corpus_s:.0f} s", DOCS, "docs"),
            ("indexing through SAI (build from DB + bulk, alias swap)", items / sai_bulk_s, "docs/s"),
            (f"raw bulk of SAI's bodies ({raw_items} items)", raw_items / raw_bulk_s, "docs/s"),
            (f"queries: {len(QUERIES)} × 2 users × {ROUNDS} rounds", len(sai), "requests"),
            ("SAI search service p50", _pct(sai, 0.5) * 1000, "ms"),
            ("raw Elasticsearch (same request) p50", _pct(raw, 0.5) * 1000, "ms"),
            ("SAI search service p95", p95_sai * 1000, "ms"),
            ("raw Elasticsearch (same request) p95", p95_raw * 1000, "ms"),
            ("SAI mean", statistics.fmean(sai) * 1000, "ms"),
            ("ratio SAI / raw p95 (target <= 1.3)", p95_sai / p95_raw, "x"),
        ]
    finally:
        backend.drop_all()
        settings.SAI_SEARCH, settings.SAI_ELASTICSEARCH = previous
