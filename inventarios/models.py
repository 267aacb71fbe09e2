"""A generation job: one inventory or report asked for by someone, built in the background, kept with its hash."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Generacion(models.Model):
    """Who asked for which report with which filters; the worker fills progress and, at the end, the result."""

    class Tipo(models.TextChoices):
        GENERAL = "general", _("Inventario general")
        TRANSFERENCIA = "transferencia", _("Inventario de transferencia")
        ETIQUETAS = "etiquetas", _("Etiquetas de caja (PDF)")
        GUIA = "guia", _("Guía de archivo documental")
        RESERVADOS = "reservados", _("Índice de expedientes clasificados como reservados")
        CADUCIDADES = "caducidades", _("Calendario de caducidades")

    class Formato(models.TextChoices):
        PDF = "pdf", "PDF/A"
        XLSX = "xlsx", "XLSX"

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("En espera")
        EN_PROCESO = "en_proceso", _("Generándose")
        TERMINADA = "terminada", _("Terminada")
        CANCELADA = "cancelada", _("Cancelada")
        FALLIDA = "fallida", _("Fallida")

    tipo = models.CharField(_("tipo"), max_length=14, choices=Tipo.choices)
    formato = models.CharField(_("formato"), max_length=4, choices=Formato.choices)
    filtros = models.JSONField(_("filtros"), default=dict, blank=True)
    transferencia = models.ForeignKey(
        "earchivo.Transferencia", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    solicitada_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    solicitada = models.DateTimeField(_("solicitada"), auto_now_add=True)
    estado = models.CharField(_("estado"), max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    total = models.PositiveIntegerField(_("renglones por escribir"), default=0)
    procesados = models.PositiveIntegerField(_("renglones escritos"), default=0)
    blob = models.ForeignKey("storage.Blob", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    nombre_archivo = models.CharField(_("nombre del archivo"), max_length=255, blank=True)
    # The e-archivo document the result was filed as (so it can be signed), when there is an expediente for it.
    documento = models.ForeignKey(
        "earchivo.Documento", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    error = models.TextField(_("error"), blank=True)
    terminada = models.DateTimeField(_("terminada"), null=True, blank=True)

    class Meta:
        ordering = ["-solicitada", "-pk"]
        verbose_name = _("generación de inventario")
        verbose_name_plural = _("generaciones de inventarios")
        permissions = [("generar_inventario", _("Generar inventarios y reportes de archivo"))]

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} #{self.pk}"

    @property
    def porcentaje(self) -> int:
        if self.estado == self.Estado.TERMINADA:
            return 100
        return min(99, self.procesados * 100 // self.total) if self.total else 0

    @property
    def activa(self) -> bool:
        return self.estado in (self.Estado.PENDIENTE, self.Estado.EN_PROCESO)
