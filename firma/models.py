"""firma data: registered certificates, signing requests with their ordered signers, and the signatures made.

Generic on purpose: a SolicitudFirma names the firmable it signs (`firmable_tipo`, `firmable_id`) registered by its
owning app in sai.signing.registry (e-archivo's document versions, e-oficio's oficios, inventarios' actas...); the
owning app receives the signed PDF through the firmable's callback and records it in its own tables.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

NIVEL_CHOICES = [("B-B", "PAdES B-B"), ("B-T", "PAdES B-T"), ("B-LT", "PAdES B-LT"), ("B-LTA", "PAdES B-LTA")]


class Certificado(models.Model):
    """A signer's public certificate (.cer) as registered: the DER plus what SAI shows about it."""

    class Tipo(models.TextChoices):
        EFIRMA = "efirma", _("e.firma (FIEL)")
        SELLO = "sello", _("Sello digital (CSD)")

    propietario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificados_firma"
    )
    der = models.BinaryField(_("certificado (DER)"))
    huella = models.CharField(_("huella SHA-256"), max_length=64, unique=True)
    tipo = models.CharField(_("tipo"), max_length=10, choices=Tipo.choices)
    titular = models.CharField(_("titular"), max_length=255)
    rfc = models.CharField(_("RFC"), max_length=13, blank=True)
    rfc_representante = models.CharField(_("RFC del representante"), max_length=13, blank=True)
    curp = models.CharField(_("CURP"), max_length=18, blank=True)
    curp_representante = models.CharField(_("CURP del representante"), max_length=18, blank=True)
    email = models.CharField(_("correo"), max_length=255, blank=True)
    numero_certificado = models.CharField(_("número de certificado"), max_length=40, blank=True)
    serie_hex = models.CharField(_("número de serie (hex)"), max_length=80)
    emisor = models.CharField(_("emisor"), max_length=255)
    emisor_dn = models.CharField(_("nombre distintivo del emisor"), max_length=1000)
    vigente_desde = models.DateTimeField(_("vigente desde"))
    vigente_hasta = models.DateTimeField(_("vigente hasta"))
    activo = models.BooleanField(_("activo"), default=True)
    registrado = models.DateTimeField(_("registrado"), auto_now_add=True)

    class Meta:
        ordering = ["propietario", "-vigente_hasta"]
        verbose_name = _("certificado de firma")
        verbose_name_plural = _("certificados de firma")
        permissions = [("firmar_documento", _("Puede firmar documentos con su e.firma"))]

    def __str__(self) -> str:
        return f"{self.titular} ({self.rfc or self.serie_hex[:12]})"


class SolicitudFirma(models.Model):
    """One PDF (a registered firmable) to be signed by several people in a defined order.

    While a request is en firma its firmable is locked: no second request for it (a partial unique constraint).
    """

    class Estado(models.TextChoices):
        EN_FIRMA = "en_firma", _("En firma")
        FIRMADA = "firmada", _("Firmada")
        CANCELADA = "cancelada", _("Cancelada")
        RECHAZADA = "rechazada", _("Rechazada por un firmante")

    uuid = models.UUIDField(_("identificador público"), default=uuid.uuid4, unique=True, editable=False)
    firmable_tipo = models.CharField(_("tipo de documento firmable"), max_length=60)
    firmable_id = models.BigIntegerField(_("id del documento firmable"))
    titulo = models.CharField(_("documento"), max_length=500)  # the firmable's title when the request was made
    folio = models.CharField(_("folio"), max_length=100)
    unidad_emisora = models.CharField(_("unidad emisora"), max_length=255, blank=True)
    nivel = models.CharField(_("nivel PAdES"), max_length=5, choices=NIVEL_CHOICES)
    estado = models.CharField(_("estado"), max_length=10, choices=Estado.choices, default=Estado.EN_FIRMA)
    # The rendered PDF (QR, folio, URL, empty fields) and the newest signed one; both content-addressed blobs.
    base_blob = models.ForeignKey("storage.Blob", on_delete=models.PROTECT, related_name="+")
    actual_blob = models.ForeignKey("storage.Blob", on_delete=models.PROTECT, related_name="+")
    # The PDF last handed to the owning app (on_signed): delivery happens once per distinct signed PDF.
    entregado_blob = models.ForeignKey(
        "storage.Blob", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    creada_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    creada = models.DateTimeField(_("creada"), auto_now_add=True)
    completada = models.DateTimeField(_("completada"), null=True, blank=True)
    # Who ended it unsigned (cancelled by the requester or Coordinación, or declined by a signer), when and why.
    terminada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    terminada = models.DateTimeField(_("terminada"), null=True, blank=True)
    motivo_termino = models.TextField(_("motivo de la cancelación o del rechazo"), blank=True)

    class Meta:
        ordering = ["-creada"]
        verbose_name = _("solicitud de firma")
        verbose_name_plural = _("solicitudes de firma")
        permissions = [
            ("solicitar_firma", _("Puede enviar documentos a firma")),
            ("gestionar_solicitudes", _("Puede cancelar y reasignar cualquier solicitud de firma")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["firmable_tipo", "firmable_id"],
                condition=models.Q(estado="en_firma"),
                name="firmable_una_solicitud_en_firma",
            )
        ]
        indexes = [models.Index(fields=["firmable_tipo", "firmable_id"], name="solicitud_firmable")]

    def __str__(self) -> str:
        return f"{self.folio} ({self.get_estado_display()})"


class Firmante(models.Model):
    """A signer's place in a request's signing order; two-phase signing keeps its prepared state here between calls."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente")
        PREPARADA = "preparada", _("Preparada (en espera de la firma del navegador)")
        FIRMADA = "firmada", _("Firmada")
        RECHAZADA = "rechazada", _("Rechazó firmar")

    solicitud = models.ForeignKey(SolicitudFirma, on_delete=models.CASCADE, related_name="firmantes")
    orden = models.PositiveSmallIntegerField(_("orden"))
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ordenes_firma")
    cargo = models.CharField(_("cargo"), max_length=255, blank=True)
    campo = models.CharField(_("campo de firma"), max_length=40)
    estado = models.CharField(_("estado"), max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    # Set when this place in the order was handed from another person (reassigned while pending), and why.
    reasignado_de = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    motivo_reasignacion = models.TextField(_("motivo de la reasignación"), blank=True)
    # Two-phase state: the PDF with the reserved hole, its byte-range digest and the signed attributes sent out.
    preparado_blob = models.ForeignKey(
        "storage.Blob", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    preparado_base = models.ForeignKey(
        "storage.Blob", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    preparado_certificado = models.ForeignKey(
        Certificado, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    preparado_digest = models.BinaryField(null=True, blank=True)
    preparado_rango = models.JSONField(null=True, blank=True)  # [reserved_region_start, reserved_region_end]
    preparado_atributos = models.BinaryField(null=True, blank=True)  # DER of the CMS signed attributes
    preparado_revocacion = models.JSONField(null=True, blank=True)
    preparado_en = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["solicitud", "orden"]
        verbose_name = _("firmante")
        verbose_name_plural = _("firmantes")
        constraints = [
            models.UniqueConstraint(fields=["solicitud", "orden"], name="firmante_orden_unico"),
            models.UniqueConstraint(fields=["solicitud", "usuario"], name="firmante_usuario_unico"),
        ]

    def __str__(self) -> str:
        return f"{self.solicitud.folio} #{self.orden} {self.usuario}"


class Firma(models.Model):
    """One signature as made: who, with which certificate, at what level, with what evidence."""

    class Estado(models.TextChoices):
        COMPLETA = "completa", _("Completa")
        PENDIENTE_NIVEL = "pendiente", _("Nivel pendiente (servicio no disponible)")
        INVALIDA = "invalida", _("Inválida")

    class Modo(models.TextChoices):
        SERVIDOR = "servidor", _("Llave enviada al servidor (una sola vez)")
        DOS_FASES = "dos_fases", _("Firmada en el navegador")

    solicitud = models.ForeignKey(SolicitudFirma, on_delete=models.PROTECT, related_name="firmas")
    firmante = models.OneToOneField(Firmante, on_delete=models.PROTECT, related_name="firma")
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="firmas")
    certificado = models.ForeignKey(Certificado, on_delete=models.PROTECT, related_name="firmas")
    orden = models.PositiveSmallIntegerField(_("orden"))
    campo = models.CharField(_("campo de firma"), max_length=40)
    modo = models.CharField(_("modo"), max_length=10, choices=Modo.choices)
    estado = models.CharField(_("estado"), max_length=10, choices=Estado.choices, default=Estado.COMPLETA)
    nivel_solicitado = models.CharField(_("nivel solicitado"), max_length=5, choices=NIVEL_CHOICES)
    nivel = models.CharField(_("nivel alcanzado"), max_length=5, choices=NIVEL_CHOICES)
    pendiente_motivo = models.CharField(_("motivo del nivel pendiente"), max_length=500, blank=True)
    firmado_en = models.DateTimeField(_("fecha de firma (declarada)"))
    tsa_fecha = models.DateTimeField(_("fecha del sello de tiempo"), null=True, blank=True)
    revocacion = models.JSONField(_("evidencia de revocación"), default=dict)  # EvidenciaRevocacion.resumen()
    hash_firmado = models.CharField(_("SHA-256 de los bytes firmados"), max_length=64)
    blob = models.ForeignKey("storage.Blob", on_delete=models.PROTECT, related_name="+")  # the PDF after it
    cadena_original = models.TextField(_("cadena original"))
    sello = models.TextField(_("sello"))
    # Set when `usuario` signed in the place of the firmante's titular, absent (en suplencia); the cadena says so too.
    suplencia = models.ForeignKey("Suplencia", on_delete=models.PROTECT, null=True, blank=True, related_name="firmas")
    creada = models.DateTimeField(_("creada"), auto_now_add=True)

    class Meta:
        ordering = ["solicitud", "orden"]
        verbose_name = _("firma")
        verbose_name_plural = _("firmas")
        constraints = [models.UniqueConstraint(fields=["solicitud", "orden"], name="firma_orden_unico")]

    def __str__(self) -> str:
        return f"{self.solicitud.folio} #{self.orden} {self.certificado.titular}"


class Suplencia(models.Model):
    """A titular's designation of who signs in their place while absent, between two dates, and on what basis."""

    titular = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="suplencias_dadas")
    suplente = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="suplencias_recibidas"
    )
    desde = models.DateField(_("desde"))
    hasta = models.DateField(_("hasta"))
    fundamento = models.TextField(_("fundamento"))
    creada = models.DateTimeField(_("creada"), auto_now_add=True)

    class Meta:
        ordering = ["-desde"]
        verbose_name = _("suplencia")
        verbose_name_plural = _("suplencias")
        constraints = [
            models.CheckConstraint(condition=models.Q(hasta__gte=models.F("desde")), name="suplencia_fechas"),
            models.CheckConstraint(condition=~models.Q(titular=models.F("suplente")), name="suplencia_otra_persona"),
        ]

    def __str__(self) -> str:
        return f"{self.suplente} por {self.titular} ({self.desde:%d/%m/%Y}–{self.hasta:%d/%m/%Y})"

    def leyenda(self) -> str:
        """The words the signature carries (es-MX), on the hoja and in the cadena original."""
        titular = self.titular.get_full_name() or self.titular.get_username()
        return f"en suplencia por ausencia de {titular}, con fundamento en {self.fundamento}"
