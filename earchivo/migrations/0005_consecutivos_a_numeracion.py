"""Move e-archivo's three numbering schemes onto sai.numeracion's counters (one `Contador` per scope and year).

Expediente consecutives copy their counter (never below the highest número in use); bajas and transferencias had
no counter (they took the highest number in use), so theirs start from that number. The scope keys must match
`expediente_ambito`, `BAJA_AMBITO` and `transferencia_ambito` in earchivo.services.
"""

from django.db import migrations
from django.db.models import Max


def _guardar(Contador, ultimos: dict[tuple[str, int], int]) -> None:
    for (ambito, anio), ultimo in ultimos.items():
        contador, _ = Contador.objects.get_or_create(ambito=ambito, anio=anio)
        if contador.ultimo < ultimo:
            contador.ultimo = ultimo
            contador.save(update_fields=["ultimo"])


def _subir(ultimos: dict, clave: tuple[str, int], numero: int) -> None:
    ultimos[clave] = max(ultimos.get(clave, 0), numero or 0)


def consecutivos_copiar(apps, schema_editor):
    Contador = apps.get_model("numeracion", "Contador")
    ultimos: dict[tuple[str, int], int] = {}
    for c in apps.get_model("earchivo", "ConsecutivoExpediente").objects.all():
        _subir(ultimos, (f"expediente:{c.serie_id}:{c.unidad_id}", c.anio), c.ultimo)
    en_uso = apps.get_model("earchivo", "Expediente").objects.values("serie_id", "unidad_id", "anio")
    for e in en_uso.annotate(m=Max("numero")):
        _subir(ultimos, (f"expediente:{e['serie_id']}:{e['unidad_id']}", e["anio"]), e["m"])
    for b in apps.get_model("earchivo", "ProcesoBaja").objects.values("anio").annotate(m=Max("numero")):
        _subir(ultimos, ("baja", b["anio"]), b["m"])
    transferencias = apps.get_model("earchivo", "Transferencia").objects.values("tipo", "unidad_id", "anio")
    for t in transferencias.annotate(m=Max("numero")):
        _subir(ultimos, (f"transferencia:{t['tipo']}:{t['unidad_id']}", t["anio"]), t["m"])
    _guardar(Contador, ultimos)


def consecutivos_devolver(apps, schema_editor):
    """Back to the old counter table (bajas and transferencias need none: they read the highest number)."""
    Consecutivo = apps.get_model("earchivo", "ConsecutivoExpediente")
    for c in apps.get_model("numeracion", "Contador").objects.filter(ambito__startswith="expediente:"):
        _, serie_id, unidad_id = c.ambito.split(":")
        Consecutivo.objects.update_or_create(
            serie_id=int(serie_id), unidad_id=int(unidad_id), anio=c.anio, defaults={"ultimo": c.ultimo}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("earchivo", "0004_clasificar_y_version_eliminada"),
        ("numeracion", "0001_contadores"),
    ]

    operations = [migrations.RunPython(consecutivos_copiar, consecutivos_devolver)]
