"""Search state kept in the database: extracted text (once per content), the indexing queue, the database
backend's own index, and the progress of a resumable rebuild."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TextoExtraido(models.Model):
    """The text of one stored content, page by page; extracted once (same bytes, same text) and never on reindex."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente")
        LISTO = "listo", _("Extraído")
        ERROR = "error", _("Error")

    blob = models.OneToOneField(
        "storage.Blob", primary_key=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("contenido")
    )
    estado = models.CharField(_("estado"), max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    paginas = models.JSONField(_("texto por página"), default=list, blank=True)
    metodo = models.CharField(_("método"), max_length=40, blank=True)
    paginas_ocr = models.JSONField(_("páginas leídas con OCR"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    intentos = models.PositiveSmallIntegerField(_("intentos"), default=0)
    creado = models.DateTimeField(_("creado"), auto_now_add=True)
    actualizado = models.DateTimeField(_("actualizado"), auto_now=True)

    class Meta:
        verbose_name = _("texto extraído")
        verbose_name_plural = _("textos extraídos")
        default_permissions = ()
        indexes = [models.Index(fields=["estado"])]

    def __str__(self) -> str:
        return f"Texto {self.blob_id[:12]}… ({self.get_estado_display()})"


class PendienteIndice(models.Model):
    """One pending reindex per object: written in the same transaction as the change, so nothing is lost.

    Enqueuing an object that is already pending only renews `marca`; a flush deletes the row only if the
    marca is still the one it read, so a change made during the flush is indexed by the next one.
    """

    modelo = models.CharField(_("modelo"), max_length=100)
    objeto_id = models.CharField(_("identificador"), max_length=64)
    marca = models.UUIDField(default=uuid.uuid4)
    solicitado = models.DateTimeField(_("solicitado"), default=timezone.now)
    proximo_intento = models.DateTimeField(_("próximo intento"), default=timezone.now)
    intentos = models.PositiveIntegerField(_("intentos"), default=0)
    error = models.TextField(_("último error"), blank=True)

    class Meta:
        verbose_name = _("reindexación pendiente")
        verbose_name_plural = _("reindexaciones pendientes")
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["modelo", "objeto_id"], name="un_pendiente_por_objeto")]
        indexes = [models.Index(fields=["proximo_intento"])]

    def __str__(self) -> str:
        return f"{self.modelo}:{self.objeto_id}"


class EntradaBusqueda(models.Model):
    """The database backend's index: one row per item, list fields stored as "|a|b|" for portable matching.

    `texto` holds the analyzed terms (folded, stemmed) that SQLite FTS5 or PostgreSQL full-text index;
    those structures are created by `DatabaseBackend.setup()`, not by migrations (they are vendor-specific).
    """

    key = models.CharField(max_length=100, unique=True)
    tipo = models.CharField(max_length=30)
    objeto_id = models.BigIntegerField()
    titulo = models.CharField(max_length=500)
    fecha = models.DateField(null=True, blank=True)
    anio = models.IntegerField(null=True, blank=True)
    firmado = models.BooleanField(null=True, blank=True)
    claves = models.TextField(blank=True)
    filtros = models.TextField(blank=True)
    faceta_objeto = models.CharField(max_length=300, blank=True)
    faceta_serie = models.CharField(max_length=300, blank=True)
    faceta_unidad = models.CharField(max_length=300, blank=True)
    faceta_anio = models.CharField(max_length=300, blank=True)
    faceta_tipo_documental = models.CharField(max_length=300, blank=True)
    faceta_etapa = models.CharField(max_length=300, blank=True)
    faceta_clasificacion = models.CharField(max_length=300, blank=True)
    acceso_unidad = models.BigIntegerField(null=True, blank=True)
    acceso_etapa = models.CharField(max_length=30, blank=True)
    acceso_clasificacion = models.CharField(max_length=30, blank=True)
    acceso_responsable = models.BigIntegerField(null=True, blank=True)
    acceso_usuarios = models.TextField(blank=True)
    acceso_grupos = models.TextField(blank=True)
    texto = models.TextField(blank=True)
    titulo_texto = models.TextField(blank=True)
    cuerpo = models.JSONField(default=dict)
    huella = models.CharField(max_length=64)
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("entrada del índice de búsqueda")
        verbose_name_plural = _("entradas del índice de búsqueda")
        default_permissions = ()
        indexes = [
            models.Index(fields=["tipo", "objeto_id"]),
            models.Index(fields=["fecha"]),
            models.Index(fields=["acceso_unidad"]),
        ]

    def __str__(self) -> str:
        return self.key


class TerminoBusqueda(models.Model):
    """The database backend's vocabulary: typo-tolerant queries look here for terms within 1-2 edits."""

    termino = models.CharField(max_length=100, unique=True)
    inicial = models.CharField(max_length=4)
    longitud = models.PositiveSmallIntegerField()

    class Meta:
        default_permissions = ()
        indexes = [models.Index(fields=["inicial", "longitud"])]

    def __str__(self) -> str:
        return self.termino


class ReconstruccionIndice(models.Model):
    """Progress of a full rebuild (`search_reindex --completo`), so an interrupted one resumes where it stopped."""

    class Estado(models.TextChoices):
        EN_CURSO = "en_curso", _("En curso")
        TERMINADA = "terminada", _("Terminada")
        ABANDONADA = "abandonada", _("Abandonada")

    backend = models.CharField(max_length=30)
    indice = models.CharField(max_length=200)
    estado = models.CharField(max_length=12, choices=Estado.choices, default=Estado.EN_CURSO)
    tipo = models.CharField(max_length=30, blank=True)
    ultimo_id = models.CharField(max_length=64, blank=True)
    hechos = models.PositiveBigIntegerField(default=0)
    iniciada = models.DateTimeField(auto_now_add=True)
    terminada = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()
        ordering = ["-iniciada"]

    def __str__(self) -> str:
        return f"{self.backend}:{self.indice} ({self.estado})"
