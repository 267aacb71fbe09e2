"""Configuration of e-oficio: the unidad's plantilla, who is competent to sign, and bandeja delegations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eoficio.models.oficios import TipoOficio

PATRON_NUMERO = "{siglas}/{consecutivo:04d}/{anio}"


class Plantilla(models.Model):
    """How a unidad's oficios look: membrete image, lema del año, pie, margins (mm) and the place line."""

    unidad = models.OneToOneField("org.UnidadAdministrativa", on_delete=models.CASCADE, related_name="plantilla_oficio")
    membrete = models.ForeignKey(
        "storage.Blob", verbose_name=_("membrete"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    institucion = models.CharField(_("institución"), max_length=255, blank=True)
    lugar = models.CharField(_("lugar"), max_length=120, default="Ciudad de México")
    lema = models.CharField(_("lema del año"), max_length=255, blank=True)
    pie = models.TextField(_("pie de página"), blank=True)
    despedida = models.CharField(_("despedida"), max_length=120, default="Atentamente")
    # Number pattern: {siglas}, {consecutivo} (format spec allowed, e.g. {consecutivo:04d}), {anio}, {tipo}.
    patron_numero = models.CharField(_("patrón del número"), max_length=100, default=PATRON_NUMERO)
    patrones_por_tipo = models.JSONField(_("patrón por tipo"), default=dict, blank=True)  # {"circular": "..."}
    margen_superior = models.PositiveIntegerField(_("margen superior (mm)"), default=20)
    margen_inferior = models.PositiveIntegerField(_("margen inferior (mm)"), default=20)
    margen_izquierdo = models.PositiveIntegerField(_("margen izquierdo (mm)"), default=25)
    margen_derecho = models.PositiveIntegerField(_("margen derecho (mm)"), default=20)
    actualizada = models.DateTimeField(_("actualizada"), auto_now=True)

    class Meta:
        verbose_name = _("plantilla de oficio")
        verbose_name_plural = _("plantillas de oficio")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(margen_superior__lte=80, margen_inferior__lte=80)
                & models.Q(margen_izquierdo__lte=60, margen_derecho__lte=60),
                name="plantilla_margenes_razonables",
            )
        ]

    def __str__(self) -> str:
        return f"Plantilla de {self.unidad}"

    def patron(self, tipo: str) -> str:
        return self.patrones_por_tipo.get(tipo) or self.patron_numero


class Competencia(models.Model):
    """Who may sign which tipo for which unidad, holding which cargo, on what legal basis and between which dates.

    `modalidad` says whether the power is the cargo's own or delegated by an acuerdo delegatorio; the legend the
    law asks for is printed from this record.
    """

    class Modalidad(models.TextChoices):
        PROPIA = "propia", _("Facultad propia del cargo")
        ACUERDO = "acuerdo", _("Acuerdo delegatorio")

    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="competencias")
    unidad = models.ForeignKey("org.UnidadAdministrativa", on_delete=models.PROTECT, related_name="competencias")
    tipo = models.CharField(_("tipo"), max_length=20, choices=TipoOficio.choices)
    cargo = models.CharField(_("cargo"), max_length=255)
    modalidad = models.CharField(_("modalidad"), max_length=10, choices=Modalidad.choices, default=Modalidad.PROPIA)
    delegante = models.CharField(_("cargo que delega"), max_length=255, blank=True)
    fundamento = models.TextField(_("fundamento"))
    desde = models.DateField(_("desde"))
    hasta = models.DateField(_("hasta"), null=True, blank=True)

    class Meta:
        ordering = ["unidad", "tipo", "-desde"]
        verbose_name = _("competencia de firma")
        verbose_name_plural = _("competencias de firma")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hasta__isnull=True) | models.Q(hasta__gte=models.F("desde")),
                name="competencia_fechas",
            ),
            models.CheckConstraint(
                condition=~models.Q(modalidad="acuerdo") | ~models.Q(delegante=""), name="acuerdo_nombra_delegante"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.usuario} · {self.get_tipo_display()} · {self.unidad}"

    def leyenda(self) -> str:
        if self.modalidad == self.Modalidad.ACUERDO:
            return f"Por acuerdo delegatorio del {self.delegante}, con fundamento en {self.fundamento}"
        return ""


class DelegacionBandeja(models.Model):
    """A titular lets an assistant (secretaría particular) read and work their bandeja until revoked."""

    titular = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="delegaciones_dadas")
    asistente = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="delegaciones_recibidas"
    )
    activa = models.BooleanField(_("activa"), default=True)
    creada = models.DateTimeField(_("creada"), auto_now_add=True)
    revocada = models.DateTimeField(_("revocada"), null=True, blank=True)

    class Meta:
        verbose_name = _("delegación de bandeja")
        verbose_name_plural = _("delegaciones de bandeja")
        constraints = [
            models.CheckConstraint(condition=~models.Q(titular=models.F("asistente")), name="delegacion_otra_persona"),
            models.UniqueConstraint(
                fields=["titular", "asistente"], condition=models.Q(activa=True), name="delegacion_activa_unica"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.asistente} por {self.titular}"
