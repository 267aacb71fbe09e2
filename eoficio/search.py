"""What control de gestión puts in the search index: registros (documents received), with their turnos.

`visibilidad` rebuilds `eoficio.selectors_gestion.registro_visibility_q` over the indexed fields: oficialía de
partes of the registering unidad (`acceso_unidad` + the registrar permission), every unidad a turno (c.c.
included) went to (`filtros` "turnado=<id>"), and every person named on a turno (`acceso_usuarios`).
The services call `search_enqueue(registro)` when a registro is created, turned or concluded.
"""

from django.urls import reverse

from eoficio.models import Registro, Turno
from eoficio.permissions import REGISTRAR_DOCUMENTO, unidad_de
from sai.search.models import TextoExtraido
from sai.search.query import NADA, TODO, Term, filtro, o
from sai.search.registry import Indexable, register
from sai.search.schema import Acceso, Elemento
from sai.search.services.textos import texto_solicitar

TURNADO = "turnado"


class RegistroIndexable(Indexable):
    tipo = "registro"
    etiqueta = "Documento recibido"
    modelo = Registro

    def construir(self, ids, *, con_texto=True):
        registros = list(Registro.objects.filter(pk__in=ids).select_related("unidad"))
        destinos: dict[int, tuple[set[int], set[int]]] = {r.pk: (set(), set()) for r in registros}
        for registro_id, unidad_id, persona_id in Turno.objects.filter(registro_id__in=ids).values_list(
            "registro_id", "unidad_id", "destinatario_id"
        ):
            destinos[registro_id][0].add(unidad_id)
            if persona_id:
                destinos[registro_id][1].add(persona_id)
        shas = {r.archivo_id for r in registros if r.archivo_id}
        textos = {}
        if con_texto and shas:
            textos = {t.blob_id: t for t in TextoExtraido.objects.filter(blob_id__in=shas)}
            texto_solicitar(shas=shas)
        out = {}
        for r in registros:
            unidades, personas = destinos[r.pk]
            texto = textos.get(r.archivo_id)
            out[r.pk] = Elemento(
                tipo=self.tipo,
                objeto_id=r.pk,
                titulo=f"{r.folio} {r.asunto}"[:300],
                fecha=r.recepcion_efectiva,
                claves=[r.folio, *([r.numero_documento] if r.numero_documento else [])],
                textos=[r.asunto, r.remitente_nombre, r.remitente_cargo, r.remitente_institucion, r.observaciones],
                paginas=list(texto.paginas) if texto and texto.estado == TextoExtraido.Estado.LISTO else [],
                facetas={
                    "objeto": (self.tipo, self.etiqueta),
                    "unidad": (r.unidad.siglas, f"{r.unidad.siglas} · {r.unidad.nombre}"),
                    "anio": (str(r.anio), str(r.anio)),
                },
                filtros=[filtro(TURNADO, unidad_id) for unidad_id in sorted(unidades)],
                acceso=Acceso(unidad=r.unidad_id, usuarios=sorted(personas)),
                datos={"folio": r.folio, "estado": r.get_estado_display()},
            )
        return out

    def visibilidad(self, user):
        if not (user.is_authenticated and user.is_active):
            return NADA
        if user.is_superuser:
            return TODO
        unidad = unidad_de(user)
        partes = [Term("acceso_usuarios", (user.pk,))]
        if unidad is not None:
            partes.append(Term("filtros", (filtro(TURNADO, unidad.pk),)))
            if user.has_perm(REGISTRAR_DOCUMENTO):
                partes.append(Term("acceso_unidad", (unidad.pk,)))
        return o(*partes)

    def fuentes(self):
        return {
            "eoficio.registro": lambda pk: [pk],
            "eoficio.turno": lambda pk: Turno.objects.filter(pk=pk).values_list("registro_id", flat=True),
        }

    def enlace(self, hit) -> str:
        return reverse("eoficio:asunto", args=[hit.objeto_id])


register(RegistroIndexable())
