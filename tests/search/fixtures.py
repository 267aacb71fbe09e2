"""Building blocks for the search tests: documents with known text, and indexing everything."""

import datetime

from earchivo.models import ClasificacionInformacion, Documento, Expediente
from sai.org.roles import Rol
from sai.search.models import TextoExtraido
from sai.search.selectors import search_run
from sai.search.services.indexing import search_enqueue, search_flush_all
from tests.earchivo.factories import (
    DocumentoFactory,
    ExpedienteFactory,
    SeccionFactory,
    SerieFactory,
    TipoDocumentalFactory,
)
from tests.factories import UnidadFactory, UserFactory


def texto_listo(documento: Documento, *paginas: str) -> Documento:
    """Give the document's current version this extracted text (as if the extraction task had run)."""
    version = documento.versiones.order_by("-numero").first()
    TextoExtraido.objects.update_or_create(
        blob_id=version.blob_id,
        defaults={"estado": TextoExtraido.Estado.LISTO, "paginas": list(paginas), "metodo": "texto"},
    )
    return documento


def documento_con_texto(expediente: Expediente, *paginas: str, **kwargs) -> Documento:
    """A document whose (unique) content has these pages of text."""
    documento = DocumentoFactory(expediente=expediente, **kwargs)
    return texto_listo(documento, *paginas)


def index_all(refresh: bool = True) -> None:
    """Queue every expediente and documento and flush the queue into the current backend."""
    search_enqueue(*Expediente.objects.all(), *Documento.objects.all())
    report = search_flush_all(refresh=refresh)
    assert not report.failed, report.error


def found(user, q: str = "", **kwargs) -> set[str]:
    """Keys of everything `user` finds for `q` (all pages)."""
    resultado = search_run(user=user, q=q, tamano=100, **kwargs)
    assert resultado.total <= 100
    return {hit.key for hit in resultado.hits}


def key(obj) -> str:
    return f"{obj._meta.model_name}:{obj.pk}"


class Mundo:
    """Two unidades, a serie, staff of each unidad, an auditor, and a reservado expediente with a document."""

    def __init__(self) -> None:
        self.ua, self.ub = UnidadFactory(siglas="UTTYPDP"), UnidadFactory(siglas="DGA")
        self.serie = SerieFactory(padre=SeccionFactory(clave="4C"), clave="4C.3", nombre="Contratos y convenios")
        self.tipo = TipoDocumentalFactory(nombre="Oficio")
        self.staff_a = self._user(self.ua, Rol.CAPTURISTA)
        self.staff_b = self._user(self.ub, Rol.CAPTURISTA)
        self.auditor = self._user(self.ub, Rol.AUDITOR)
        self.publico = ExpedienteFactory(
            serie=self.serie, unidad=self.ua, responsable=self.staff_a, titulo="Arrendamiento de oficinas", anio=2024
        )
        self.reservado = ExpedienteFactory(
            serie=self.serie,
            unidad=self.ua,
            responsable=self.staff_a,
            titulo="Investigación interna",
            clasificacion=ClasificacionInformacion.RESERVADA,
            anio=2023,
        )
        self.doc_publico = documento_con_texto(
            self.publico,
            "Contrato de arrendamiento del inmueble de la calle Juárez.",
            "Segunda página: la búsqueda del presupuesto autorizado.",
            tipo_documental=self.tipo,
            titulo="Contrato de arrendamiento",
            fecha=datetime.date(2024, 3, 10),
        )
        self.doc_reservado = documento_con_texto(
            self.reservado,
            "Dictamen confidencial sobre la auditoría del presupuesto.",
            tipo_documental=self.tipo,
            titulo="Dictamen de auditoría",
            fecha=datetime.date(2023, 6, 1),
        )

    @staticmethod
    def _user(unidad, *roles):
        user = UserFactory(roles=list(roles))
        user.perfil.unidad = unidad
        user.perfil.save()
        return user
