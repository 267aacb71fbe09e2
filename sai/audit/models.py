"""The bitácora: an append-only, hash-chained record of every state change and every sensitive read.

Each entry stores the hash of the entry before it and an HMAC-SHA256 (keyed with SAI_AUDIT_HMAC_KEY, which never
lives in the database) of its own canonical content, so editing, deleting or inserting any row breaks the chain at
that row, and whoever holds only the database cannot forge a consistent rewrite. Entries written before the key
existed keep their unkeyed SHA-256 (`hash_version` 1). The head is sealed periodically outside the database
(`PuntoControl`, sai/audit/anchoring.py), which also catches a truncated tail. `manage.py audit_verify` checks it all.
Python refuses updates and deletes here; on PostgreSQL and SQLite a trigger refuses them in the database too
(migrations 0002 and 0004).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64
HASH_SHA256 = 1  # unkeyed: entries written before the chain was keyed
HASH_HMAC = 2  # HMAC-SHA256 with SAI_AUDIT_HMAC_KEY


class AppendOnlyError(Exception):
    pass


class EntradaBitacoraQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("La bitácora no admite modificaciones.")

    def delete(self):
        raise AppendOnlyError("La bitácora no admite borrados.")


class EntradaBitacora(models.Model):
    seq = models.PositiveBigIntegerField(_("posición en la cadena"), unique=True)
    creado = models.DateTimeField(_("fecha y hora"), db_index=True)
    # No database constraint: the trail must outlive the users it names, untouched.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_username = models.CharField(_("usuario"), max_length=150, blank=True)
    accion = models.CharField(_("acción"), max_length=100, db_index=True)
    objeto_tipo = models.CharField(_("tipo de objeto"), max_length=100, blank=True, db_index=True)
    objeto_id = models.CharField(_("id del objeto"), max_length=64, blank=True, db_index=True)
    objeto_repr = models.CharField(_("objeto"), max_length=255, blank=True)
    datos = models.JSONField(_("datos"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP"), null=True, blank=True)
    hash_anterior = models.CharField(_("hash anterior"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)
    # Existing rows keep version 1 (the column's default when it was added); every new entry is written keyed.
    hash_version = models.PositiveSmallIntegerField(_("versión del hash"), default=HASH_SHA256)

    objects = EntradaBitacoraQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("entrada de bitácora")
        verbose_name_plural = _("bitácora")
        default_permissions = ("view",)
        indexes = [models.Index(fields=["objeto_tipo", "objeto_id", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.accion} {self.objeto_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("La bitácora no admite modificaciones.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("La bitácora no admite borrados.")


class CabezaBitacora(models.Model):
    """The chain's head (one row): appenders lock it, so concurrent entries queue instead of forking the chain."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"


class PuntoControl(models.Model):
    """A copy of a checkpoint written to the document storage: the head (seq, hash) sealed by a TSA at a moment.

    Convenience only: verification trusts the write-once storage object and its timestamp token, never this row.
    """

    seq = models.PositiveBigIntegerField(_("posición sellada"))
    hash = models.CharField(_("hash sellado"), max_length=64)
    creado = models.DateTimeField(_("fecha y hora"))
    objeto = models.CharField(_("objeto en el almacenamiento"), max_length=255, unique=True)
    sellado = models.BooleanField(_("con sello de tiempo"), default=False)
    bloqueo = models.BooleanField(_("con bloqueo de objeto (S3 Object Lock)"), default=False)

    class Meta:
        ordering = ["-seq"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
