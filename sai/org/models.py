from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnidadAdministrativa(models.Model):
    """An area of the institution: produces expedientes, numbers its oficios, keeps an archivo de trámite."""

    siglas = models.CharField(_("siglas"), max_length=30, unique=True)
    nombre = models.CharField(_("nombre"), max_length=255)
    padre = models.ForeignKey(
        "self",
        verbose_name=_("unidad superior"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subunidades",
    )
    titular = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("titular"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unidades_como_titular",
    )
    responsable_archivo_tramite = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable del archivo de trámite"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unidades_como_responsable_at",
    )
    activa = models.BooleanField(_("activa"), default=True)

    class Meta:
        ordering = ["siglas"]
        verbose_name = _("unidad administrativa")
        verbose_name_plural = _("unidades administrativas")
        constraints = [
            models.CheckConstraint(condition=~models.Q(padre=models.F("id")), name="unidad_no_es_su_propio_padre"),
        ]

    def __str__(self) -> str:
        return f"{self.siglas} — {self.nombre}"


class Perfil(models.Model):
    """Where a person works and as what: the unidad decides which expedientes and oficios they see."""

    usuario = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("usuario"), on_delete=models.CASCADE, related_name="perfil"
    )
    unidad = models.ForeignKey(
        UnidadAdministrativa,
        verbose_name=_("unidad administrativa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="perfiles",
    )
    cargo = models.CharField(_("cargo"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("perfil")
        verbose_name_plural = _("perfiles")

    def __str__(self) -> str:
        return f"{self.usuario.get_username()} ({self.cargo})"


class AccesoModulo(models.Model):
    """Holds the module-access permissions that roles grant; it has no table of its own."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("acceder_bandeja", _("Acceder a la bandeja de oficios")),
            ("acceder_archivo", _("Acceder al archivo")),
            ("acceder_busqueda", _("Acceder a la búsqueda")),
            ("acceder_inventarios", _("Acceder a los inventarios")),
            ("acceder_administracion", _("Acceder a la administración")),
        ]

    def __str__(self) -> str:
        return "acceso a módulos"
