from django.db import models
from django.utils.translation import gettext_lazy as _


class Blob(models.Model):
    """One stored content, named by its SHA-256: identical uploads are stored once and can be re-verified."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, primary_key=True)
    size = models.PositiveBigIntegerField(_("tamaño (bytes)"))
    mime = models.CharField(_("tipo MIME"), max_length=150)
    creado = models.DateTimeField(_("almacenado"), auto_now_add=True)
    verificado = models.DateTimeField(_("última verificación de fijeza"), null=True, blank=True)
    integro = models.BooleanField(_("íntegro en la última verificación"), default=True)
    # Set only by a baja documental authorised by an acta (the one deletion of content in SAI); the row stays
    # so the metadata that points at it keeps its hash.
    eliminado = models.DateTimeField(_("eliminado por baja documental"), null=True, blank=True)

    class Meta:
        verbose_name = _("contenido almacenado")
        verbose_name_plural = _("contenidos almacenados")
        default_permissions = ("view",)
        constraints = [
            models.CheckConstraint(condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"), name="blob_sha256_hex"),
        ]

    def __str__(self) -> str:
        return f"{self.sha256[:12]}… ({self.mime}, {self.size} B)"

    @property
    def key(self) -> str:
        return blob_key(self.sha256)


def blob_key(sha256: str) -> str:
    """Storage key: derived from content only, never from a user-supplied file name."""
    return f"blobs/{sha256[:2]}/{sha256[2:4]}/{sha256}"
