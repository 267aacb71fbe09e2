"""Inventario general at scale: SAI's generation job (XLSX and PDF/A) beside a bare openpyxl write-only loop.

SAI_BENCH_INVENTARIO_ROWS expedientes (default 5,000 so `make bench` stays short; the issue's figure is 100,000)
are bulk-inserted, then each path streams them from a server-side cursor. The bare loop appends the same fields
untouched; SAI's job adds the legal columns' shaping, typed date cells, the formula guard, progress and
cancellation checks, storing the file (SHA-256, S3) and the audit entry. Memory is the peak resident set (sampled
from /proc, so C allocations of lxml and zlib count too) of a forked child running just that one measurement, so
no run inherits another's high-water mark; "growth" is that peak minus the child's resident set at its start. The
PDF runs twice, over one serie (a tenth of the rows) and over all of them: its memory must not grow with the rows.
Target: XLSX ≥ 0.7× the bare loop's rows/s, under 300 MB.
"""

import datetime
import json
import os
import random
import tempfile
import threading
import time

from django.db import connections
from openpyxl import Workbook

from earchivo.models import ClasificacionInformacion, Expediente
from inventarios.models import Generacion
from inventarios.reportes.expedientes import _GENERAL_FIELDS
from inventarios.services import generacion_ejecutar, generacion_solicitar
from sai.org.roles import Rol
from tests.earchivo.factories import SerieFactory, user_in
from tests.factories import UnidadFactory

ROWS = int(os.environ.get("SAI_BENCH_INVENTARIO_ROWS", "5000"))
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
WORDS = [
    "contrato",
    "convenio",
    "adquisición",
    "servicio",
    "limpieza",
    "auditoría",
    "nómina",
    "licitación",
    "obra",
    "arrendamiento",
]


class PeakRss:
    """Samples the resident set every 20 ms while the block runs; `.mb` is the peak."""

    def __enter__(self):
        self.peak, self._running = self._rss(), True
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._running = False
        self._thread.join()

    @staticmethod
    def _rss() -> int:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * PAGE_BYTES

    def _sample(self) -> None:
        while self._running:
            self.peak = max(self.peak, self._rss())
            time.sleep(0.02)

    @property
    def mb(self) -> float:
        return self.peak / 2**20


def _populate(n: int):
    """n expedientes of one unidad across ten series and twenty years, a third closed with frozen CADIDO values."""
    unidad = UnidadFactory()
    coordinacion = user_in(unidad, Rol.COORDINACION)
    series = [SerieFactory(unidades=[unidad]) for _ in range(10)]
    snapshots = {s.pk: s.disposicion.snapshot() for s in series}
    rng = random.Random(7)
    batch = []
    for i in range(n):
        serie, anio = series[i % 10], 2004 + i % 20
        apertura = datetime.date(anio, 1 + i % 12, 1 + i % 28)
        cerrado = i % 3 == 0
        titulo = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
        batch.append(
            Expediente(
                clave=f"INST/{unidad.siglas}/{serie.clave}/{i + 1:06d}/{anio}",
                fondo="INST",
                serie=serie,
                unidad=unidad,
                anio=anio,
                numero=i + 1,
                titulo=f"{titulo} {i}",
                asunto=" ".join(rng.choice(WORDS) for _ in range(20)),
                responsable=coordinacion,
                fecha_apertura=apertura,
                fecha_cierre=apertura + datetime.timedelta(days=200) if cerrado else None,
                estado=Expediente.Estado.CERRADO if cerrado else Expediente.Estado.ABIERTO,
                disposicion_congelada=snapshots[serie.pk] if cerrado else None,
                fojas=rng.randint(1, 400),
                legajos=1 + i % 3,
                ubicacion_topografica=f"Edificio A, estante {i % 40}, caja {i // 25}",
                observaciones="" if i % 5 else "Con anexos en disco óptico",
                clasificacion=ClasificacionInformacion.PUBLICA,
            )
        )
        if len(batch) == 5000:
            Expediente.objects.bulk_create(batch)
            batch = []
    Expediente.objects.bulk_create(batch)
    return unidad, coordinacion, series[0]


def _in_child(measure) -> tuple[float, float, float]:
    """Run `measure()` (-> seconds) in a forked child; returns seconds, peak RSS and its growth, in MB."""
    connections.close_all()  # the child opens its own connection
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: measure, report, leave without running the parent's cleanup
        status = 1
        try:
            with PeakRss() as memory:
                start = memory.peak
                seconds = measure()
            os.write(write, json.dumps([seconds, memory.mb, (memory.peak - start) / 2**20]).encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    with os.fdopen(read) as pipe:
        report = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status or not report:
        raise RuntimeError(f"measurement child failed (status {status})")
    return tuple(json.loads(report))


def _bare_xlsx(unidad) -> float:
    """The baseline: the same fields from the same kind of cursor, appended to a write-only sheet as they come."""
    fields = [f for f in _GENERAL_FIELDS if f != "disposicion_congelada"]
    rows = Expediente.objects.filter(unidad=unidad).order_by("fecha_apertura", "pk").values_list(*fields)
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Inventario")
        for row in rows.iterator(chunk_size=2000):
            sheet.append(row)
        workbook.save(out)
        return time.perf_counter() - started


def _sai(user, formato: str, filtros: dict, rows: int) -> float:
    started = time.perf_counter()
    generacion = generacion_solicitar(actor=user, tipo="general", formato=formato, filtros=filtros, encolar=False)
    generacion = generacion_ejecutar(generacion_id=generacion.pk)
    seconds = time.perf_counter() - started
    if generacion.estado != Generacion.Estado.TERMINADA or generacion.total != rows:
        raise RuntimeError(f"generation ended {generacion.estado} with {generacion.total} rows: {generacion.error}")
    return seconds


def run() -> list[tuple[str, float, str]]:
    started = time.perf_counter()
    unidad, user, serie = _populate(ROWS)
    populate_s = time.perf_counter() - started
    todo, una_serie = {"unidad": unidad.pk}, {"unidad": unidad.pk, "serie": serie.pk}
    small = Expediente.objects.filter(unidad=unidad, serie=serie).count()
    bare_s, bare_mb, bare_growth = _in_child(lambda: _bare_xlsx(unidad))
    xlsx_s, xlsx_mb, xlsx_growth = _in_child(lambda: _sai(user, "xlsx", todo, ROWS))
    small_s, small_mb, small_growth = _in_child(lambda: _sai(user, "pdf", una_serie, small))
    pdf_s, pdf_mb, pdf_growth = _in_child(lambda: _sai(user, "pdf", todo, ROWS))
    return [
        (f"bulk insert of {ROWS} expedientes", ROWS / populate_s, "rows/s"),
        ("bare openpyxl write-only loop (same fields)", ROWS / bare_s, "rows/s"),
        ("SAI inventario general XLSX (job: query, write, store)", ROWS / xlsx_s, "rows/s"),
        ("ratio SAI XLSX / bare loop speed (target >= 0.7)", bare_s / xlsx_s, "x"),
        (f"SAI inventario general PDF/A (job), {small} rows", small / small_s, "rows/s"),
        (f"SAI inventario general PDF/A (job), {ROWS} rows", ROWS / pdf_s, "rows/s"),
        ("peak RSS, bare loop", bare_mb, "MB"),
        ("peak RSS, SAI XLSX (target < 300)", xlsx_mb, "MB"),
        (f"peak RSS, SAI PDF/A, {small} rows", small_mb, "MB"),
        (f"peak RSS, SAI PDF/A, {ROWS} rows", pdf_mb, "MB"),
        ("RSS growth during the run: bare loop", bare_growth, "MB"),
        ("RSS growth during the run: SAI XLSX", xlsx_growth, "MB"),
        (f"RSS growth during the run: SAI PDF/A, {small} rows", small_growth, "MB"),
        (f"RSS growth during the run: SAI PDF/A, {ROWS} rows", pdf_growth, "MB"),
    ]
