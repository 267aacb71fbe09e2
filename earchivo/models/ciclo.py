"""The life cycle after cierre: transferencias, baja documental and préstamo (domain.md §1.3, §2.4, §2.6)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from earchivo.models.expedientes import Expediente


class Transferencia(models.Model):
    """A transfer of closed expedientes, in numbered boxes: prepared by the area, reviewed, then received."""

    class Tipo(models.TextChoices):
        PRIMARIA = "primaria", _("Primaria (trámite → concentración)")
        SECUNDARIA = "secundaria", _("Secundaria (concentración → histórico)")

    class Estado(models.TextChoices):
        PREPARADA = "preparada", _("Preparada")
        REVISADA = "revisada", _("Revisada")
        RECIBIDA = "recibida", _("Recibida")
        RECHAZADA = "rechazada", _("Rechazada")

    tipo = models.CharField(_("tipo"), max_length=10, choices=Tipo.choices)
    unidad = models.ForeignKey("org.UnidadAdministrativa", on_delete=models.PROTECT, related_name="transferencias")
    anio = models.PositiveSmallIntegerField(_("año"))
    numero = models.PositiveIntegerField(_("número de transferencia"))
    estado = models.CharField(_("estado"), max_length=10, choices=Estado.choices, default=Estado.PREPARADA)
    peso_kg = models.DecimalField(_("peso aproximado (kg)"), max_digits=8, decimal_places=2, null=True, blank=True)
    observaciones = models.TextField(_("observaciones"), blank=True)
    referencia_dictamen = models.CharField(_("dictamen / acta (secundaria)"), max_length=255, blank=True)
    preparada_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    preparada = models.DateTimeField(_("preparada"), auto_now_add=True)
    revisada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revisada = models.DateTimeField(_("revisada"), null=True, blank=True)
    recibida_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recibida = models.DateTimeField(_("recibida"), null=True, blank=True)
    motivo_rechazo = models.TextField(_("motivo del rechazo"), blank=True)

    class Meta:
        ordering = ["-anio", "-numero"]
        verbose_name = _("transferencia")
        verbose_name_plural = _("transferencias")
        constraints = [
            models.UniqueConstraint(fields=["tipo", "unidad", "anio", "numero"], name="transferencia_numero_unico"),
        ]
        permissions = [
            ("revisar_transferencia", _("Revisar transferencias (Coordinación de Archivos)")),
            ("recibir_transferencia_primaria", _("Recibir transferencias primarias (Archivo de Concentración)")),
            ("recibir_transferencia_secundaria", _("Recibir transferencias secundarias (Archivo Histórico)")),
        ]

    def __str__(self) -> str:
        return f"Transferencia {self.tipo} {self.unidad.siglas}/{self.numero:03d}/{self.anio}"


class TransferenciaExpediente(models.Model):
    """An expediente inside a transfer: its box and its number within the box (restarting at 1 per box).

    A box the receiving archive rejects keeps its rows, flagged with the reason (the record of what was sent and
    refused), while its expedientes go back where they were and the rest of the transfer proceeds.
    """

    transferencia = models.ForeignKey(Transferencia, on_delete=models.CASCADE, related_name="renglones")
    expediente = models.ForeignKey(Expediente, on_delete=models.PROTECT, related_name="+")
    caja = models.PositiveSmallIntegerField(_("caja"))
    numero_en_caja = models.PositiveSmallIntegerField(_("número de expediente en la caja"))
    rechazado = models.BooleanField(_("rechazado al recibir"), default=False)
    motivo_rechazo = models.TextField(_("motivo del rechazo"), blank=True)

    class Meta:
        ordering = ["transferencia", "caja", "numero_en_caja"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["transferencia", "expediente"], name="expediente_una_vez_por_transferencia"
            ),
            models.UniqueConstraint(fields=["transferencia", "caja", "numero_en_caja"], name="lugar_unico_en_caja"),
        ]

    def __str__(self) -> str:
        return f"{self.caja}/{self.numero_en_caja} {self.expediente.clave}"


class ProcesoBaja(models.Model):
    """A baja documental: solicitud → dictamen → acta → ejecución. Its own records are kept at least 7 years."""

    class Estado(models.TextChoices):
        SOLICITADA = "solicitada", _("Solicitada")
        DICTAMINADA = "dictaminada", _("Dictaminada")
        ACTA_REGISTRADA = "acta_registrada", _("Acta registrada")
        EJECUTADA = "ejecutada", _("Ejecutada")

    anio = models.PositiveSmallIntegerField(_("año"))
    numero = models.PositiveIntegerField(_("número"))
    estado = models.CharField(_("estado"), max_length=16, choices=Estado.choices, default=Estado.SOLICITADA)
    unidad = models.ForeignKey("org.UnidadAdministrativa", on_delete=models.PROTECT, related_name="+")
    solicitada_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    solicitada = models.DateTimeField(_("solicitada"), auto_now_add=True)
    justificacion = models.TextField(_("justificación de la solicitud"), blank=True)
    dictamen_numero = models.CharField(_("número de dictamen"), max_length=60, blank=True)
    dictamen_fecha = models.DateField(_("fecha del dictamen"), null=True, blank=True)
    dictamen_emisor = models.CharField(_("emisor del dictamen"), max_length=255, blank=True)
    acta_numero = models.CharField(_("número de acta"), max_length=60, blank=True)
    acta_fecha = models.DateField(_("fecha del acta"), null=True, blank=True)
    acta_lugar = models.CharField(_("lugar"), max_length=255, blank=True)
    testigos = models.JSONField(_("testigos de asistencia"), default=list, blank=True)
    metodo_destruccion = models.CharField(_("método de destrucción"), max_length=255, blank=True)
    ejecutada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ejecutada = models.DateTimeField(_("ejecutada"), null=True, blank=True)
    conservar_hasta = models.DateField(_("conservar registros hasta"), null=True, blank=True)
    # Where the proceso's own records are filed as documents (LGA art. 31 fr. VIII); None when SAI_BAJA_SERIE is off.
    expediente = models.ForeignKey(Expediente, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-anio", "-numero"]
        verbose_name = _("proceso de baja documental")
        verbose_name_plural = _("procesos de baja documental")
        constraints = [models.UniqueConstraint(fields=["anio", "numero"], name="baja_numero_unico")]
        permissions = [
            ("gestionar_baja", _("Dictaminar, registrar el acta y ejecutar bajas documentales")),
        ]

    def __str__(self) -> str:
        return f"Baja {self.numero:03d}/{self.anio}"


class BajaExpediente(models.Model):
    proceso = models.ForeignKey(ProcesoBaja, on_delete=models.CASCADE, related_name="renglones")
    expediente = models.ForeignKey(Expediente, on_delete=models.PROTECT, related_name="+")

    class Meta:
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["proceso", "expediente"], name="expediente_una_vez_por_baja")]

    def __str__(self) -> str:
        return f"{self.proceso} · {self.expediente.clave}"


class DocumentoProcesoBaja(models.Model):
    """The proceso's own records (solicitud, inventario, dictamen, acta): never deleted by the baja itself."""

    class Tipo(models.TextChoices):
        SOLICITUD = "solicitud", _("Solicitud")
        INVENTARIO = "inventario", _("Inventario de baja")
        DICTAMEN = "dictamen", _("Dictamen")
        ACTA = "acta", _("Acta de baja")
        OTRO = "otro", _("Otro")

    proceso = models.ForeignKey(ProcesoBaja, on_delete=models.PROTECT, related_name="documentos")
    tipo = models.CharField(_("tipo"), max_length=12, choices=Tipo.choices)
    blob = models.ForeignKey("storage.Blob", on_delete=models.PROTECT, related_name="+")
    nombre_archivo = models.CharField(_("nombre del archivo"), max_length=255)
    cargado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cargado = models.DateTimeField(_("cargado"), auto_now_add=True)

    class Meta:
        ordering = ["proceso", "cargado"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} · {self.proceso}"


class Prestamo(models.Model):
    class Estado(models.TextChoices):
        PRESTADO = "prestado", _("Prestado")
        DEVUELTO = "devuelto", _("Devuelto")

    expediente = models.ForeignKey(Expediente, on_delete=models.PROTECT, related_name="prestamos")
    solicitante = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entregado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    fecha_prestamo = models.DateField(_("fecha de préstamo"))
    fecha_vencimiento = models.DateField(_("fecha de vencimiento"))
    fecha_devolucion = models.DateField(_("fecha de devolución"), null=True, blank=True)
    recibido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    estado = models.CharField(_("estado"), max_length=10, choices=Estado.choices, default=Estado.PRESTADO)
    observaciones = models.TextField(_("observaciones"), blank=True)

    class Meta:
        ordering = ["-fecha_prestamo"]
        verbose_name = _("préstamo")
        verbose_name_plural = _("préstamos")
        constraints = [
            models.UniqueConstraint(
                fields=["expediente"], condition=models.Q(estado="prestado"), name="un_prestamo_activo"
            ),
            models.CheckConstraint(
                condition=models.Q(fecha_vencimiento__gte=models.F("fecha_prestamo")), name="vencimiento_posterior"
            ),
        ]
        permissions = [("gestionar_prestamo", _("Prestar y recibir expedientes"))]

    def __str__(self) -> str:
        return f"Préstamo {self.expediente.clave} a {self.solicitante}"
