"""Shared e-archivo factories: a vigente CGCA with fondo → sección → serie (+ CADIDO row), expedientes, documents.

- `CuadroFactory()` returns THE vigente cuadro (reused if one exists: the database allows only one);
  pass `estado="borrador"`/`"historico"` for others.
- `SerieFactory(unidades=[ua], disposicion__vigencia_tramite=3, disposicion__clasificacion_default="reservada")`
  builds a serie under a fresh sección of the cuadro's fondo, with its DisposicionDocumental.
  `SubserieFactory(padre=serie)` builds a subserie (with its own CADIDO row).
- `ExpedienteFactory(serie=..., unidad=..., responsable=...)` writes the row directly (no service, no audit);
  `ExpedienteFactory(cerrado=True)` is a closed one with frozen CADIDO values and retention clocks.
  For the real path use `earchivo.services.expedientes.expediente_create/expediente_close`.
- `DocumentoFactory(expediente=e)` appends a document with one stored version (text content by default;
  `DocumentoFactory(expediente=e, version__contenido=pdf_bytes)` to choose the bytes; `version=False` for none).
"""

import datetime
import io

import factory
from django.db.models import Max, Sum

from earchivo.models import (
    ClasificacionInformacion,
    CuadroClasificacion,
    DisposicionDocumental,
    Documento,
    Expediente,
    NodoClasificacion,
    TipoDocumental,
    VersionDocumento,
)
from earchivo.services.expedientes import expediente_ambito, plazos_calcular
from sai.numeracion.models import Contador
from sai.storage.services import blob_put
from tests.factories import UnidadFactory, UserFactory

FONDO_CLAVE = "INST"


class CuadroFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CuadroClasificacion

    version = factory.Sequence(lambda n: n + 1)
    nombre = factory.LazyAttribute(lambda o: f"CGCA de prueba v{o.version}")
    estado = CuadroClasificacion.Estado.VIGENTE
    fecha_aprobacion = datetime.date(2024, 1, 15)
    acuerdo = "Acuerdo de prueba"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("estado") == CuadroClasificacion.Estado.VIGENTE:
            existing = model_class.objects.filter(estado=CuadroClasificacion.Estado.VIGENTE).first()
            if existing is not None:
                return existing
        kwargs["version"] = max(kwargs["version"], (model_class.objects.aggregate(m=Max("version"))["m"] or 0) + 1)
        return super()._create(model_class, *args, **kwargs)


def fondo_for(cuadro: CuadroClasificacion) -> NodoClasificacion:
    """The cuadro's fondo node (one per cuadro), created on first use."""
    fondo, _ = NodoClasificacion.objects.get_or_create(
        cuadro=cuadro,
        nivel=NodoClasificacion.Nivel.FONDO,
        defaults={"clave": FONDO_CLAVE, "nombre": "Institución de prueba"},
    )
    return fondo


class NodoFactory(factory.django.DjangoModelFactory):
    """A bare node; set `nivel` and `padre` yourself (or use SeccionFactory / SerieFactory / SubserieFactory)."""

    class Meta:
        model = NodoClasificacion
        skip_postgeneration_save = True

    cuadro = factory.SubFactory(CuadroFactory)
    padre = None
    nivel = NodoClasificacion.Nivel.FONDO
    clave = factory.Sequence(lambda n: f"N{n}")
    nombre = factory.LazyAttribute(lambda o: f"Nodo {o.clave}")
    orden = factory.Sequence(lambda n: n)


class SeccionFactory(NodoFactory):
    nivel = NodoClasificacion.Nivel.SECCION
    clave = factory.Sequence(lambda n: f"{n}C")
    nombre = factory.LazyAttribute(lambda o: f"Sección {o.clave}")
    tipo = NodoClasificacion.Tipo.COMUN
    padre = factory.LazyAttribute(lambda o: fondo_for(o.cuadro))


class DisposicionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisposicionDocumental

    nodo = None  # always given by SerieFactory / SubserieFactory
    valor_administrativo = True
    valor_legal = False
    valor_fiscal_contable = False
    vigencia_tramite = 2
    vigencia_concentracion = 5
    tecnica_seleccion = DisposicionDocumental.Tecnica.CONSERVACION
    valor_informativo = True
    clasificacion_default = ClasificacionInformacion.PUBLICA
    fundamento = "Art. 1 de la ley de prueba"


class SerieFactory(NodoFactory):
    nivel = NodoClasificacion.Nivel.SERIE
    padre = factory.LazyAttribute(lambda o: SeccionFactory(cuadro=o.cuadro))
    clave = factory.LazyAttributeSequence(lambda o, n: f"{o.padre.clave}.{n}")
    nombre = factory.Sequence(lambda n: f"Serie de prueba {n}")

    disposicion = factory.RelatedFactory(DisposicionFactory, factory_related_name="nodo")

    @factory.post_generation
    def unidades(self, create, extracted, **kwargs):
        if create and extracted:
            self.unidades_productoras.set(extracted)


class SubserieFactory(SerieFactory):
    nivel = NodoClasificacion.Nivel.SUBSERIE
    padre = factory.SubFactory(SerieFactory, cuadro=factory.SelfAttribute("..cuadro"))
    nombre = factory.Sequence(lambda n: f"Subserie de prueba {n}")


def _clave(o) -> str:
    return f"{FONDO_CLAVE}/{o.unidad.siglas}/{o.serie.clave}/{o.numero:04d}/{o.anio}"


class ExpedienteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expediente

    serie = factory.SubFactory(SerieFactory)
    unidad = factory.SubFactory(UnidadFactory)
    anio = factory.LazyFunction(lambda: datetime.date.today().year)
    numero = factory.Sequence(lambda n: n + 1)
    clave = factory.LazyAttribute(_clave)
    fondo = FONDO_CLAVE
    titulo = factory.Sequence(lambda n: f"Expediente de prueba {n}")
    asunto = "Asunto de prueba"
    responsable = factory.SubFactory(UserFactory)
    fecha_apertura = factory.LazyAttribute(lambda o: datetime.date(o.anio, 1, 15))
    soporte = Expediente.Soporte.ELECTRONICO

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Also advance the serie+unidad+año counter, so expediente_create never reuses a factory número."""
        expediente = super()._create(model_class, *args, **kwargs)
        ambito = expediente_ambito(serie=expediente.serie, unidad=expediente.unidad)
        contador, _ = Contador.objects.get_or_create(ambito=ambito, anio=expediente.anio)
        if contador.ultimo < expediente.numero:
            contador.ultimo = expediente.numero
            contador.save(update_fields=["ultimo"])
        return expediente

    class Params:
        cerrado = factory.Trait(
            estado=Expediente.Estado.CERRADO,
            fecha_cierre=factory.LazyAttribute(lambda o: o.fecha_apertura + datetime.timedelta(days=30)),
            disposicion_congelada=factory.LazyAttribute(lambda o: o.serie.disposicion.snapshot()),
            fin_tramite=factory.LazyAttribute(
                lambda o: plazos_calcular(fecha_cierre=o.fecha_cierre, disposicion=o.disposicion_congelada)[0]
            ),
            fin_concentracion=factory.LazyAttribute(
                lambda o: plazos_calcular(fecha_cierre=o.fecha_cierre, disposicion=o.disposicion_congelada)[1]
            ),
        )


class TipoDocumentalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TipoDocumental
        django_get_or_create = ("nombre",)

    nombre = factory.Sequence(lambda n: f"Tipo documental {n}")
    es_documento_de_archivo = True
    esquema_metadatos = factory.LazyFunction(list)


class VersionFactory(factory.django.DjangoModelFactory):
    """One stored version; `contenido` (bytes) is put in blob storage."""

    class Meta:
        model = VersionDocumento
        exclude = ("contenido",)

    documento = None  # given by DocumentoFactory
    numero = factory.LazyAttribute(lambda o: (o.documento.versiones.aggregate(m=Max("numero"))["m"] or 0) + 1)
    contenido = factory.LazyAttribute(lambda o: f"Contenido de {o.documento.titulo} v{o.numero}".encode())
    blob = factory.LazyAttribute(lambda o: blob_put(fileobj=io.BytesIO(o.contenido)))
    nombre_archivo = factory.LazyAttribute(lambda o: f"documento-{o.documento.orden}.txt")
    motivo = "Versión inicial"
    creado_por = factory.LazyAttribute(lambda o: o.documento.expediente.responsable)


class DocumentoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Documento
        skip_postgeneration_save = True

    expediente = factory.SubFactory(ExpedienteFactory)
    tipo_documental = factory.SubFactory(TipoDocumentalFactory)
    titulo = factory.Sequence(lambda n: f"Documento {n}")
    fecha = factory.LazyAttribute(lambda o: o.expediente.fecha_apertura)
    autor = "Autor de prueba"
    orden = factory.LazyAttribute(lambda o: (o.expediente.documentos.aggregate(m=Max("orden"))["m"] or 0) + 1)
    fojas = 1
    es_documento_de_archivo = True

    version = factory.RelatedFactory(VersionFactory, factory_related_name="documento")

    @factory.post_generation
    def sync_fojas(self, create, extracted, **kwargs):
        """Keep Expediente.fojas = sum of its documents' fojas, as the service does."""
        if create:
            total = self.expediente.documentos.aggregate(s=Sum("fojas"))["s"] or 0
            Expediente.objects.filter(pk=self.expediente_id).update(fojas=total)
            self.expediente.fojas = total


def user_in(unidad, *roles: str, **kwargs):
    """A user with the given roles whose Perfil is in `unidad` (make_user gives each user a fresh unidad)."""
    user = UserFactory(roles=list(roles), **kwargs)
    user.perfil.unidad = unidad
    user.perfil.save(update_fields=["unidad"])
    return user


def pdf_bytes(pages: int = 1, text: str = "Documento de prueba") -> bytes:
    """A real PDF with `pages` pages (for page counting and content tests)."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for number in range(1, pages + 1):
        pdf.drawString(72, 720, f"{text} - página {number}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
