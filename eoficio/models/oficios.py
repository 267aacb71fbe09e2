"""An oficio and what hangs from it: recipients, anexos, reviewers, signers and the versions sent to review.

Only `eoficio.services` writes these rows. The state machine lives in `eoficio.services.estados`; the database
keeps the invariants it can (one number per scope, one version number per oficio, a recipient is someone).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TipoOficio(models.TextChoices):
    OFICIO = "oficio", _("Oficio")
    MEMORANDUM = "memorandum", _("Memorándum")
    CIRCULAR = "circular", _("Circular")
    NOTA_INFORMATIVA = "nota_informativa", _("Nota informativa")


# The CGCA tipo documental each tipo is filed as (created on first use through e-archivo's service).
TIPO_DOCUMENTAL = {
    TipoOficio.OFICIO: "Oficio",
    TipoOficio.MEMORANDUM: "Memorándum",
    TipoOficio.CIRCULAR: "Circular",
    TipoOficio.NOTA_INFORMATIVA: "Nota informativa",
}


class EstadoOficio(models.TextChoices):
    BORRADOR = "borrador", _("Borrador")
    EN_REVISION = "en_revision", _("En revisión")
    APROBADO = "aprobado", _("Aprobado")
    POR_FIRMAR = "por_firmar", _("Por firmar")
    FIRMADO = "firmado", _("Firmado")
    ENVIADO = "enviado", _("Enviado")
    RECIBIDO = "recibido", _("Recibido")
    ARCHIVADO = "archivado", _("Archivado")


class Oficio(models.Model):
    tipo = models.CharField(_("tipo"), max_length=20, choices=TipoOficio.choices, default=TipoOficio.OFICIO)
    estado = models.CharField(_("estado"), max_length=20, choices=EstadoOficio.choices, default=EstadoOficio.BORRADOR)
    unidad = models.ForeignKey(
        "org.UnidadAdministrativa", verbose_name=_("unidad emisora"), on_delete=models.PROTECT, related_name="oficios"
    )
    expediente = models.ForeignKey(
        "earchivo.Expediente", verbose_name=_("expediente"), on_delete=models.PROTECT, related_name="oficios"
    )
    asunto = models.CharField(_("asunto"), max_length=500, blank=True)
    referencia = models.TextField(_("referencia"), blank=True)
    cuerpo = models.TextField(_("cuerpo"), blank=True)  # sanitised HTML (eoficio.services.cuerpo)
    respuesta_a = models.ForeignKey(
        "self",
        verbose_name=_("en respuesta a"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="respuestas",
    )
    elaborado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("elaboró"), on_delete=models.PROTECT, related_name="oficios_elaborados"
    )
    en_nombre_de = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("en nombre de"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="oficios_a_nombre",
    )
    revision_en_orden = models.BooleanField(_("revisión en orden"), default=True)
    numero = models.CharField(_("número"), max_length=100, blank=True)
    consecutivo = models.PositiveIntegerField(_("consecutivo"), null=True, blank=True)
    anio = models.PositiveIntegerField(_("año del número"), null=True, blank=True)
    ambito_numero = models.CharField(_("ámbito del número"), max_length=200, blank=True)
    fecha = models.DateField(_("fecha del oficio"), null=True, blank=True)  # set with the number
    pdf = models.ForeignKey(
        "storage.Blob",
        verbose_name=_("PDF a firmar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pdf_firmado = models.ForeignKey(
        "storage.Blob", verbose_name=_("PDF firmado"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    documento = models.ForeignKey(
        "earchivo.Documento",
        verbose_name=_("documento en el expediente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    creado = models.DateTimeField(_("creado"), auto_now_add=True)
    actualizado = models.DateTimeField(_("actualizado"), auto_now=True)

    class Meta:
        ordering = ["-actualizado"]
        verbose_name = _("oficio")
        verbose_name_plural = _("oficios")
        default_permissions = ()
        permissions = [
            ("elaborar_oficio", "Elaborar oficios"),
            ("administrar_plantillas", "Administrar plantillas de oficio"),
            ("administrar_competencias", "Configurar quién firma qué oficios"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["ambito_numero", "anio", "consecutivo"],
                condition=models.Q(consecutivo__isnull=False),
                name="oficio_numero_unico",
            ),
        ]
        indexes = [models.Index(fields=["unidad", "estado"])]

    def __str__(self) -> str:
        return self.numero or f"{self.get_tipo_display()} (borrador {self.pk})"

    @property
    def editable(self) -> bool:
        return self.estado == EstadoOficio.BORRADOR


class Destinatario(models.Model):
    """A recipient (or a c.c.p. when `copia`): someone in SAI (usuario and/or unidad) or outside (nombre, e-mail)."""

    oficio = models.ForeignKey(Oficio, on_delete=models.CASCADE, related_name="destinatarios")
    orden = models.PositiveIntegerField(_("orden"), default=1)
    copia = models.BooleanField(_("con copia (c.c.p.)"), default=False)
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unidad = models.ForeignKey(
        "org.UnidadAdministrativa", null=True, blank=True, on_delete=models.PROTECT, related_name="oficios_recibidos"
    )
    nombre = models.CharField(_("nombre"), max_length=255, blank=True)
    cargo = models.CharField(_("cargo"), max_length=255, blank=True)
    institucion = models.CharField(_("institución"), max_length=255, blank=True)
    email = models.EmailField(_("correo electrónico"), blank=True)

    class Meta:
        ordering = ["copia", "orden"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unidad__isnull=False) | ~models.Q(nombre=""), name="destinatario_es_alguien"
            )
        ]

    def __str__(self) -> str:
        return self.nombre or str(self.unidad)

    @property
    def interno(self) -> bool:
        return self.unidad_id is not None


class Anexo(models.Model):
    oficio = models.ForeignKey(Oficio, on_delete=models.CASCADE, related_name="anexos")
    orden = models.PositiveIntegerField(_("orden"), default=1)
    blob = models.ForeignKey("storage.Blob", on_delete=models.PROTECT, related_name="+")
    nombre_archivo = models.CharField(_("nombre del archivo"), max_length=255)
    descripcion = models.CharField(_("descripción"), max_length=255, blank=True)

    class Meta:
        ordering = ["orden"]

    def __str__(self) -> str:
        return self.descripcion or self.nombre_archivo


class Revision(models.Model):
    """A reviewer's visto bueno on one round (the round is the version number sent to review)."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente")
        APROBADA = "aprobada", _("Visto bueno")
        DEVUELTA = "devuelta", _("Devuelta con cambios")

    oficio = models.ForeignKey(Oficio, on_delete=models.CASCADE, related_name="revisiones")
    revisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    orden = models.PositiveIntegerField(_("orden"))
    ronda = models.PositiveIntegerField(_("versión revisada"), default=0)  # 0: not yet sent to review
    estado = models.CharField(_("estado"), max_length=20, choices=Estado.choices, default=Estado.PENDIENTE)
    comentario = models.TextField(_("comentario"), blank=True)
    fecha = models.DateTimeField(_("fecha"), null=True, blank=True)

    class Meta:
        ordering = ["orden"]
        constraints = [models.UniqueConstraint(fields=["oficio", "revisor"], name="revisor_una_vez")]

    def __str__(self) -> str:
        return f"{self.revisor} · {self.get_estado_display()}"


class FirmanteOficio(models.Model):
    """Who signs, in order, under which competence record (and, for a suplente, which suplencia)."""

    oficio = models.ForeignKey(Oficio, on_delete=models.CASCADE, related_name="firmantes")
    orden = models.PositiveIntegerField(_("orden"))
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cargo = models.CharField(_("cargo"), max_length=255, blank=True)
    suplencia = models.ForeignKey("firma.Suplencia", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["orden"]
        constraints = [models.UniqueConstraint(fields=["oficio", "usuario"], name="firmante_oficio_una_vez")]

    def __str__(self) -> str:
        return f"{self.orden}. {self.usuario} ({self.cargo})"


class VersionOficio(models.Model):
    """What was sent to review, frozen: every round is kept and any two can be compared."""

    oficio = models.ForeignKey(Oficio, on_delete=models.CASCADE, related_name="versiones")
    numero = models.PositiveIntegerField(_("versión"))
    asunto = models.CharField(_("asunto"), max_length=500)
    referencia = models.TextField(_("referencia"), blank=True)
    cuerpo = models.TextField(_("cuerpo"), blank=True)
    destinatarios = models.JSONField(_("destinatarios"), default=list)
    creada_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    creada = models.DateTimeField(_("creada"), auto_now_add=True)

    class Meta:
        ordering = ["numero"]
        constraints = [models.UniqueConstraint(fields=["oficio", "numero"], name="version_oficio_unica")]

    def __str__(self) -> str:
        return f"{self.oficio} · versión {self.numero}"


class AcuseRecibo(models.Model):
    """The electronic acuse de recibo of one receiving unidad: who opened it, when, and the SHA-256 of what they
    received (the signed PDF). Stamped automatically the first time someone of that unidad opens the oficio."""

    oficio = models.ForeignKey(Oficio, on_delete=models.PROTECT, related_name="acuses")
    unidad = models.ForeignKey("org.UnidadAdministrativa", on_delete=models.PROTECT, related_name="+")
    recibido_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    fecha = models.DateTimeField(_("fecha y hora de recepción"), auto_now_add=True)
    sha256 = models.CharField(_("SHA-256 de lo recibido"), max_length=64)
    pdf = models.ForeignKey(
        "storage.Blob", verbose_name=_("constancia"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pdf_firmado = models.ForeignKey(
        "storage.Blob",
        verbose_name=_("constancia firmada"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["fecha"]
        verbose_name = _("acuse de recibo")
        verbose_name_plural = _("acuses de recibo")
        constraints = [models.UniqueConstraint(fields=["oficio", "unidad"], name="un_acuse_por_unidad")]

    def __str__(self) -> str:
        return f"Acuse de {self.unidad} · {self.oficio}"
