from django.conf import settings
from django.core.validators import RegexValidator
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


# Persona física: 4 letters (Ñ and & allowed), birth date AAMMDD, 3-character homoclave.
RFC_PATTERN = r"^[A-ZÑ&]{4}\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[A-Z\d]{3}$"
# 4 letters, birth date, sex (H/M/X), state (2 letters), 3 internal consonants, differentiator, check digit.
CURP_PATTERN = (
    r"^[A-Z][AEIOUX][A-Z]{2}\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[HMX][A-Z]{2}[B-DF-HJ-NP-TV-Z]{3}[A-Z\d]\d$"
)
validate_rfc = RegexValidator(RFC_PATTERN, "El RFC no tiene el formato de persona física (p. ej. LOPM800101AB1).")
validate_curp = RegexValidator(CURP_PATTERN, "La CURP no tiene el formato oficial de 18 caracteres.")


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
    # Who the person is for their e.firma: a certificate registers only if it carries these same values.
    rfc = models.CharField(_("RFC"), max_length=13, blank=True, validators=[validate_rfc])
    curp = models.CharField(_("CURP"), max_length=18, blank=True, validators=[validate_curp])

    class Meta:
        verbose_name = _("perfil")
        verbose_name_plural = _("perfiles")
        constraints = [
            models.UniqueConstraint(fields=["rfc"], condition=~models.Q(rfc=""), name="perfil_rfc_unico"),
            models.UniqueConstraint(fields=["curp"], condition=~models.Q(curp=""), name="perfil_curp_unica"),
        ]

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
