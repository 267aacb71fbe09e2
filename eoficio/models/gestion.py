"""Control de gestión: documents received by oficialía de partes (Registro) and their turnos to unidades.

A Registro is the asunto: it stays open until concluded (by its answer or an explicit conclusion with a reason).
Each Turno sends it to one unidad (optionally one person) with an instrucción, prioridad and a deadline in
business days; a re-turno is a child that may not outlive its parent's deadline. A c.c. turno is for knowledge
only: it has no deadline and no semáforo.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Instruccion(models.Model):
    """The catalogue of instrucciones de turno ("Para su atención", "Para su conocimiento"...)."""

    nombre = models.CharField("nombre", max_length=120, unique=True)
    requiere_respuesta = models.BooleanField("requiere respuesta", default=True)
    activa = models.BooleanField("activa", default=True)

    class Meta:
        ordering = ["nombre"]
        verbose_name = "instrucción de turno"
        verbose_name_plural = "instrucciones de turno"

    def __str__(self) -> str:
        return self.nombre


class Registro(models.Model):
    """A document received by oficialía de partes, under its folio de control."""

    class Medio(models.TextChoices):
        VENTANILLA = "ventanilla", "Ventanilla"
        MENSAJERIA = "mensajeria", "Mensajería"
        CORREO = "correo", "Correo electrónico"
        SAI = "sai", "SAI"

    class Estado(models.TextChoices):
        RECIBIDO = "recibido", "Recibido"
        TURNADO = "turnado", "Turnado"
        CONCLUIDO = "concluido", "Concluido"

    folio = models.CharField("folio de control", max_length=60, unique=True)
    unidad = models.ForeignKey(
        "org.UnidadAdministrativa", on_delete=models.PROTECT, related_name="registros", verbose_name="oficialía"
    )
    anio = models.PositiveIntegerField("año")
    numero = models.PositiveIntegerField("número")
    recibido = models.DateTimeField("fecha y hora de recepción")
    recepcion_efectiva = models.DateField("cuenta desde")
    medio = models.CharField("medio", max_length=12, choices=Medio.choices)
    remitente_nombre = models.CharField("remitente", max_length=200)
    remitente_cargo = models.CharField("cargo del remitente", max_length=200, blank=True)
    remitente_institucion = models.CharField("institución del remitente", max_length=200)
    remitente_correo = models.EmailField("correo del remitente", blank=True)
    numero_documento = models.CharField("número del documento", max_length=100, blank=True)
    fecha_documento = models.DateField("fecha del documento")
    asunto = models.TextField("asunto")
    anexos = models.CharField("anexos", max_length=500, blank=True)
    anexos_cantidad = models.PositiveIntegerField("número de anexos", default=0)
    observaciones = models.TextField("observaciones", blank=True)
    archivo = models.ForeignKey(
        "storage.Blob", on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name="digitalización"
    )
    nombre_archivo = models.CharField("nombre del archivo", max_length=255, blank=True)
    documento = models.ForeignKey(
        "earchivo.Documento", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )  # where the scan is filed when SAI_CORRESPONDENCIA_SERIE is set
    constancia = models.ForeignKey(
        "storage.Blob", on_delete=models.PROTECT, related_name="+", verbose_name="constancia de presentación"
    )
    registrado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    estado = models.CharField("estado", max_length=10, choices=Estado.choices, default=Estado.RECIBIDO)
    concluido = models.DateTimeField("concluido el", null=True, blank=True)
    concluido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    motivo_conclusion = models.TextField("motivo de conclusión", blank=True)
    respuesta = models.CharField("respuesta", max_length=200, blank=True)  # the answering oficio, as printed

    class Meta:
        ordering = ["-recibido"]
        verbose_name = "documento recibido"
        verbose_name_plural = "documentos recibidos"
        constraints = [models.UniqueConstraint(fields=["unidad", "anio", "numero"], name="registro_folio_unico")]
        permissions = [
            ("registrar_documento", "Registrar documentos recibidos (oficialía de partes)"),
            ("turnar_asunto", "Turnar asuntos"),
            ("concluir_asunto", "Concluir asuntos"),
        ]

    def __str__(self) -> str:
        return f"{self.folio} {self.asunto[:60]}"


class Turno(models.Model):
    class Prioridad(models.TextChoices):
        ORDINARIA = "ordinaria", "Ordinaria"
        URGENTE = "urgente", "Urgente"

    class Estado(models.TextChoices):
        TURNADO = "turnado", "Turnado"
        EN_ATENCION = "en_atencion", "En atención"
        ATENDIDO = "atendido", "Atendido"
        CONCLUIDO = "concluido", "Concluido"

    ABIERTOS = (Estado.TURNADO, Estado.EN_ATENCION)

    registro = models.ForeignKey(Registro, on_delete=models.PROTECT, related_name="turnos")
    origen = models.ForeignKey(
        "org.UnidadAdministrativa", on_delete=models.PROTECT, related_name="turnos_enviados", verbose_name="turnado por"
    )  # the unidad that turned it: its "en espera de respuesta" list
    padre = models.ForeignKey("self", on_delete=models.PROTECT, related_name="hijos", null=True, blank=True)
    unidad = models.ForeignKey("org.UnidadAdministrativa", on_delete=models.PROTECT, related_name="turnos")
    destinatario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="turnos_recibidos", null=True, blank=True
    )
    copia = models.BooleanField("c.c. para conocimiento", default=False)
    instruccion = models.ForeignKey(Instruccion, on_delete=models.PROTECT, related_name="+")
    prioridad = models.CharField("prioridad", max_length=10, choices=Prioridad.choices, default=Prioridad.ORDINARIA)
    plazo_dias = models.PositiveIntegerField("plazo (días hábiles)", null=True, blank=True)
    fecha_limite = models.DateField("fecha límite", null=True, blank=True)
    observaciones = models.TextField("observaciones", blank=True)
    estado = models.CharField("estado", max_length=12, choices=Estado.choices, default=Estado.TURNADO)
    turnado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    turnado = models.DateTimeField("turnado el")
    acuse_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    acuse = models.DateTimeField("acuse de recibo", null=True, blank=True)
    cerrado = models.DateTimeField("atendido o concluido el", null=True, blank=True)
    cerrado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    nota = models.TextField("nota de atención", blank=True)

    class Meta:
        ordering = ["turnado", "id"]
        verbose_name = "turno"
        verbose_name_plural = "turnos"
        indexes = [models.Index(fields=["unidad", "estado", "fecha_limite"], name="turno_bandeja")]
        constraints = [
            models.CheckConstraint(
                condition=Q(copia=True, fecha_limite__isnull=True) | Q(copia=False, fecha_limite__isnull=False),
                name="turno_plazo_salvo_copia",
            ),
            models.CheckConstraint(condition=~Q(padre=F("id")), name="turno_no_es_su_propio_padre"),
        ]

    def __str__(self) -> str:
        return f"{self.registro.folio} → {self.unidad.siglas}"

    @property
    def abierto(self) -> bool:
        return self.estado in self.ABIERTOS


class Recordatorio(models.Model):
    """A reminder sent about a turno's deadline: one per turno, day and kind, so the daily task is idempotent."""

    class Tipo(models.TextChoices):
        PREVIO = "previo", "Próximo a vencer"
        VENCIDO = "vencido", "Vencido"

    turno = models.ForeignKey(Turno, on_delete=models.CASCADE, related_name="recordatorios")
    fecha = models.DateField("fecha")
    tipo = models.CharField("tipo", max_length=8, choices=Tipo.choices)
    destinatarios = models.JSONField("destinatarios", default=list)
    enviado = models.DateTimeField("enviado el", auto_now_add=True)

    class Meta:
        ordering = ["-fecha"]
        verbose_name = "recordatorio de turno"
        verbose_name_plural = "recordatorios de turno"
        constraints = [models.UniqueConstraint(fields=["turno", "fecha", "tipo"], name="recordatorio_diario")]

    def __str__(self) -> str:
        return f"{self.turno} {self.fecha} {self.tipo}"
