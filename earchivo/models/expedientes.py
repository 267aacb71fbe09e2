"""Expedientes and their documents (domain.md §3, §8): the records SAI keeps for the law."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from earchivo.models.cgca import ClasificacionInformacion, NodoClasificacion
from sai.core.orden import natural


class Expediente(models.Model):
    class Soporte(models.TextChoices):
        PAPEL = "papel", _("Papel")
        ELECTRONICO = "electronico", _("Electrónico")
        HIBRIDO = "hibrido", _("Híbrido")

    class Etapa(models.TextChoices):
        TRAMITE = "tramite", _("Archivo de trámite")
        CONCENTRACION = "concentracion", _("Archivo de concentración")
        HISTORICO = "historico", _("Archivo histórico")
        BAJA = "baja", _("Baja documental")

    class Estado(models.TextChoices):
        ABIERTO = "abierto", _("Abierto")
        CERRADO = "cerrado", _("Cerrado")
        EN_PRESTAMO = "en_prestamo", _("En préstamo")
        TRANSFERIDO = "transferido", _("Transferido")
        DADO_DE_BAJA = "dado_de_baja", _("Dado de baja")

    clave = models.CharField(_("clave"), max_length=120, unique=True)
    fondo = models.CharField(_("fondo"), max_length=30)
    serie = models.ForeignKey(NodoClasificacion, verbose_name=_("serie"), on_delete=models.PROTECT, related_name="+")
    unidad = models.ForeignKey(
        "org.UnidadAdministrativa",
        verbose_name=_("unidad administrativa"),
        on_delete=models.PROTECT,
        related_name="expedientes",
    )
    anio = models.PositiveSmallIntegerField(_("año"))
    numero = models.PositiveIntegerField(_("número consecutivo"))
    titulo = models.CharField(_("título"), max_length=500)
    asunto = models.TextField(_("asunto"), blank=True)
    responsable = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsable"), on_delete=models.PROTECT, related_name="+"
    )
    fecha_apertura = models.DateField(_("fecha de apertura"))
    fecha_cierre = models.DateField(_("fecha de cierre"), null=True, blank=True)
    soporte = models.CharField(_("soporte"), max_length=12, choices=Soporte.choices, default=Soporte.ELECTRONICO)
    legajos = models.PositiveSmallIntegerField(_("legajos"), default=1)
    fojas = models.PositiveIntegerField(_("fojas"), default=0)
    ubicacion_topografica = models.CharField(_("ubicación topográfica"), max_length=255, blank=True)
    etapa = models.CharField(_("etapa"), max_length=14, choices=Etapa.choices, default=Etapa.TRAMITE)
    estado = models.CharField(_("estado"), max_length=14, choices=Estado.choices, default=Estado.ABIERTO)
    clasificacion = models.CharField(
        _("clasificación de la información"),
        max_length=12,
        choices=ClasificacionInformacion.choices,
        default=ClasificacionInformacion.PUBLICA,
    )
    fundamento_clasificacion = models.TextField(_("fundamento legal de la clasificación"), blank=True)
    fecha_clasificacion = models.DateField(_("fecha de clasificación"), null=True, blank=True)
    periodo_reserva_anios = models.PositiveSmallIntegerField(_("periodo de reserva (años)"), null=True, blank=True)
    fecha_desclasificacion = models.DateField(_("fecha de desclasificación"), null=True, blank=True)
    partes_clasificadas = models.TextField(_("partes o secciones clasificadas"), blank=True)
    observaciones = models.TextField(_("observaciones"), blank=True)
    # Frozen at cierre: the CADIDO values the expediente was valued under, and its retention clocks.
    disposicion_congelada = models.JSONField(_("disposición documental al cierre"), null=True, blank=True)
    fin_tramite = models.DateField(_("fin de vigencia en trámite"), null=True, blank=True)
    fin_concentracion = models.DateField(_("fin de vigencia en concentración"), null=True, blank=True)
    creado = models.DateTimeField(_("creado"), auto_now_add=True)

    class Meta:
        ordering = ["-anio", natural("clave")]
        verbose_name = _("expediente")
        verbose_name_plural = _("expedientes")
        constraints = [
            models.UniqueConstraint(fields=["serie", "unidad", "anio", "numero"], name="consecutivo_unico"),
            models.CheckConstraint(
                condition=models.Q(fecha_cierre__isnull=True) | models.Q(fecha_cierre__gte=models.F("fecha_apertura")),
                name="cierre_posterior_a_apertura",
            ),
        ]
        indexes = [
            models.Index(fields=["unidad", "etapa", "estado"]),
            models.Index(fields=["fin_tramite"]),
            models.Index(fields=["fin_concentracion"]),
        ]
        permissions = [
            ("cerrar_expediente", _("Cerrar expedientes de su unidad")),
            ("reabrir_expediente", _("Reabrir un expediente cerrado")),
            ("ver_todos_expedientes", _("Consultar expedientes de todas las unidades")),
            ("custodiar_concentracion", _("Consultar los expedientes en el archivo de concentración")),
            ("custodiar_historico", _("Consultar los expedientes en el archivo histórico")),
            ("ver_expediente_clasificado", _("Ver expedientes reservados o confidenciales")),
            (
                "clasificar_expediente",
                _("Clasificar expedientes de su unidad (clasificación, fundamento, plazo) y designar su responsable"),
            ),
            ("desclasificar_expediente", _("Desclasificar expedientes reservados o confidenciales")),
            ("gestionar_retencion_legal", _("Colocar o levantar retenciones legales")),
        ]

    def __str__(self) -> str:
        return f"{self.clave} {self.titulo}"

    @property
    def es_clasificado(self) -> bool:
        return self.clasificacion != ClasificacionInformacion.PUBLICA


class TipoDocumental(models.Model):
    """A kind of document (oficio, contrato, factura...), with the extra metadata its documents must carry.

    `esquema_metadatos` lists fields as {"nombre": str, "tipo": "texto|numero|fecha|booleano", "obligatorio": bool}.
    """

    nombre = models.CharField(_("nombre"), max_length=150, unique=True)
    es_documento_de_archivo = models.BooleanField(
        _("es documento de archivo"),
        default=True,
        help_text=_("Desmarque para comprobación administrativa inmediata o apoyo informativo."),
    )
    esquema_metadatos = models.JSONField(_("metadatos adicionales"), default=list, blank=True)
    activo = models.BooleanField(_("activo"), default=True, help_text=_("Un tipo inactivo ya no se ofrece."))
    # Made by SAI for its own records (inventario y acta de baja...): never offered to people nor edited by them.
    del_sistema = models.BooleanField(_("del sistema"), default=False, editable=False)

    class Meta:
        ordering = ["nombre"]
        verbose_name = _("tipo documental")
        verbose_name_plural = _("tipos documentales")

    def __str__(self) -> str:
        return self.nombre


class Documento(models.Model):
    uuid = models.UUIDField(_("identificador único"), default=uuid.uuid4, unique=True, editable=False)
    expediente = models.ForeignKey(Expediente, on_delete=models.PROTECT, related_name="documentos")
    tipo_documental = models.ForeignKey(TipoDocumental, on_delete=models.PROTECT, related_name="documentos")
    titulo = models.CharField(_("título"), max_length=500)
    fecha = models.DateField(_("fecha del documento"))
    autor = models.CharField(_("autor"), max_length=255, blank=True)
    destinatario = models.CharField(_("destinatario"), max_length=255, blank=True)
    orden = models.PositiveIntegerField(_("orden en el expediente"))
    fojas = models.PositiveIntegerField(_("fojas"), default=0)
    es_documento_de_archivo = models.BooleanField(_("es documento de archivo"), default=True)
    metadatos = models.JSONField(_("metadatos"), default=dict, blank=True)
    creado = models.DateTimeField(_("creado"), auto_now_add=True)

    class Meta:
        ordering = ["expediente", "orden"]
        verbose_name = _("documento")
        verbose_name_plural = _("documentos")
        constraints = [models.UniqueConstraint(fields=["expediente", "orden"], name="orden_unico_en_expediente")]

    def __str__(self) -> str:
        return self.titulo


class VersionDocumento(models.Model):
    """One immutable upload of a document's content; the newest is the current one, the rest stay as history."""

    documento = models.ForeignKey(Documento, on_delete=models.PROTECT, related_name="versiones")
    numero = models.PositiveIntegerField(_("versión"))
    blob = models.ForeignKey("storage.Blob", on_delete=models.PROTECT, related_name="+")
    nombre_archivo = models.CharField(_("nombre del archivo"), max_length=255)
    paginas = models.PositiveIntegerField(_("páginas"), null=True, blank=True)
    motivo = models.CharField(_("motivo"), max_length=500)
    creado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    creado = models.DateTimeField(_("creado"), auto_now_add=True)
    # Set when this version holds a PDF signed through firma (the firmable callback): e-archivo's own record of it.
    firma_solicitud = models.UUIDField(_("solicitud de firma"), null=True, blank=True)
    firma_folio = models.CharField(_("folio de firma"), max_length=100, blank=True)
    # Set by the baja documental that removed this version's content. Access follows this, not the blob: identical
    # bytes filed elsewhere keep their blob alive, and the same bytes uploaded again revive it.
    eliminado = models.DateTimeField(_("contenido eliminado por baja documental"), null=True, blank=True)

    class Meta:
        ordering = ["documento", "-numero"]
        verbose_name = _("versión de documento")
        verbose_name_plural = _("versiones de documento")
        constraints = [models.UniqueConstraint(fields=["documento", "numero"], name="version_unica")]

    def __str__(self) -> str:
        return f"{self.documento} v{self.numero}"


class IndiceElectronico(models.Model):
    """The frozen index of a closed expediente: each document's hash, and the hash of the whole list."""

    expediente = models.ForeignKey(Expediente, on_delete=models.PROTECT, related_name="indices")
    generado = models.DateTimeField(_("generado"), auto_now_add=True)
    contenido = models.JSONField(_("contenido"))
    hash = models.CharField(_("SHA-256 del índice"), max_length=64)

    class Meta:
        ordering = ["expediente", "-generado"]
        get_latest_by = "generado"
        verbose_name = _("índice electrónico")
        verbose_name_plural = _("índices electrónicos")

    def __str__(self) -> str:
        return f"Índice {self.expediente.clave} {self.hash[:12]}"


class RetencionLegal(models.Model):
    """A legal hold (audit, litigation): while active it blocks transfer and baja of the expediente."""

    expediente = models.ForeignKey(Expediente, on_delete=models.PROTECT, related_name="retenciones")
    motivo = models.TextField(_("motivo"))
    colocada_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    colocada = models.DateTimeField(_("colocada"), auto_now_add=True)
    levantada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    levantada = models.DateTimeField(_("levantada"), null=True, blank=True)
    motivo_levantamiento = models.TextField(_("motivo del levantamiento"), blank=True)

    class Meta:
        ordering = ["-colocada"]
        verbose_name = _("retención legal")
        verbose_name_plural = _("retenciones legales")

    def __str__(self) -> str:
        return f"Retención {self.expediente.clave}"

    @property
    def activa(self) -> bool:
        return self.levantada is None
