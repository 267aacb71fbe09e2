"""The archival instruments: the Cuadro General de Clasificación Archivística and the CADIDO (domain.md §2.1–2.2).

Both are versioned together: a CuadroClasificacion version holds its tree of nodes, and each serie/subserie
node carries its CADIDO row and ficha técnica. Expedientes point to the node of the version they were born under,
so publishing a new version never reclassifies them.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sai.core.orden import natural


class ClasificacionInformacion(models.TextChoices):
    PUBLICA = "publica", _("Pública")
    RESERVADA = "reservada", _("Reservada")
    CONFIDENCIAL = "confidencial", _("Confidencial")


class CuadroClasificacion(models.Model):
    class Estado(models.TextChoices):
        BORRADOR = "borrador", _("Borrador")
        VIGENTE = "vigente", _("Vigente")
        HISTORICO = "historico", _("Histórico")

    version = models.PositiveIntegerField(_("versión"), unique=True)
    nombre = models.CharField(_("nombre"), max_length=255)
    estado = models.CharField(_("estado"), max_length=12, choices=Estado.choices, default=Estado.BORRADOR)
    fecha_aprobacion = models.DateField(_("fecha de aprobación"), null=True, blank=True)
    acuerdo = models.CharField(_("acuerdo de aprobación"), max_length=255, blank=True)
    publicado = models.DateTimeField(_("publicado"), null=True, blank=True)
    creado = models.DateTimeField(_("creado"), auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("cuadro general de clasificación archivística")
        verbose_name_plural = _("cuadros generales de clasificación archivística")
        constraints = [
            models.UniqueConstraint(fields=["estado"], condition=models.Q(estado="vigente"), name="un_cgca_vigente"),
        ]
        permissions = [("administrar_instrumentos", _("Modificar el CGCA y el CADIDO"))]

    def __str__(self) -> str:
        return f"CGCA v{self.version} ({self.get_estado_display()})"


class NodoClasificacion(models.Model):
    class Nivel(models.TextChoices):
        FONDO = "fondo", _("Fondo")
        SUBFONDO = "subfondo", _("Subfondo")
        SECCION = "seccion", _("Sección")
        SUBSECCION = "subseccion", _("Subsección")
        SERIE = "serie", _("Serie")
        SUBSERIE = "subserie", _("Subserie")

    class Tipo(models.TextChoices):
        COMUN = "comun", _("Común")
        SUSTANTIVA = "sustantiva", _("Sustantiva")

    # Which levels may hang from which: the law's tree, with the intermediate levels optional.
    PADRES_VALIDOS = {
        Nivel.FONDO: {None},
        Nivel.SUBFONDO: {Nivel.FONDO},
        Nivel.SECCION: {Nivel.FONDO, Nivel.SUBFONDO},
        Nivel.SUBSECCION: {Nivel.SECCION},
        Nivel.SERIE: {Nivel.SECCION, Nivel.SUBSECCION},
        Nivel.SUBSERIE: {Nivel.SERIE},
    }

    cuadro = models.ForeignKey(CuadroClasificacion, on_delete=models.CASCADE, related_name="nodos")
    padre = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="hijos")
    nivel = models.CharField(_("nivel"), max_length=12, choices=Nivel.choices)
    clave = models.CharField(_("clave"), max_length=40)
    nombre = models.CharField(_("nombre"), max_length=255)
    descripcion = models.TextField(_("descripción"), blank=True)
    tipo = models.CharField(_("tipo de sección"), max_length=12, choices=Tipo.choices, blank=True)
    unidades_productoras = models.ManyToManyField(
        "org.UnidadAdministrativa", verbose_name=_("unidades productoras"), blank=True, related_name="series"
    )
    orden = models.PositiveIntegerField(_("orden"), default=0)

    class Meta:
        ordering = ["cuadro", natural("clave")]
        verbose_name = _("nodo del cuadro de clasificación")
        verbose_name_plural = _("nodos del cuadro de clasificación")
        constraints = [models.UniqueConstraint(fields=["cuadro", "clave"], name="clave_unica_por_cgca")]

    def __str__(self) -> str:
        return f"{self.clave} {self.nombre}"

    @property
    def es_serie(self) -> bool:
        return self.nivel in (self.Nivel.SERIE, self.Nivel.SUBSERIE)

    def clean(self) -> None:
        padre_nivel = self.padre.nivel if self.padre_id else None
        if padre_nivel not in self.PADRES_VALIDOS[self.nivel]:
            raise ValidationError(
                {
                    "padre": _("Un nodo de nivel %(nivel)s no puede depender de %(padre)s.")
                    % {"nivel": self.get_nivel_display(), "padre": padre_nivel or _("la raíz")}
                }
            )
        if self.padre_id and self.padre.cuadro_id != self.cuadro_id:
            raise ValidationError({"padre": _("El nodo padre pertenece a otra versión del cuadro.")})


class DisposicionDocumental(models.Model):
    """A CADIDO row: the values, vigencias and destino final of one serie or subserie."""

    class Tecnica(models.TextChoices):
        ELIMINACION = "eliminacion", _("Eliminación")
        CONSERVACION = "conservacion", _("Conservación")
        MUESTREO = "muestreo", _("Muestreo")

    nodo = models.OneToOneField(NodoClasificacion, on_delete=models.CASCADE, related_name="disposicion")
    valor_administrativo = models.BooleanField(_("valor administrativo"), default=False)
    valor_legal = models.BooleanField(_("valor legal"), default=False)
    valor_fiscal_contable = models.BooleanField(_("valor fiscal/contable"), default=False)
    vigencia_tramite = models.PositiveSmallIntegerField(_("vigencia en archivo de trámite (años)"))
    vigencia_concentracion = models.PositiveSmallIntegerField(_("vigencia en archivo de concentración (años)"))
    tecnica_seleccion = models.CharField(_("técnica de selección"), max_length=12, choices=Tecnica.choices)
    muestreo_criterio = models.TextField(_("criterio de muestreo"), blank=True)
    valor_evidencial = models.BooleanField(_("valor evidencial"), default=False)
    valor_testimonial = models.BooleanField(_("valor testimonial"), default=False)
    valor_informativo = models.BooleanField(_("valor informativo"), default=False)
    clasificacion_default = models.CharField(
        _("clasificación de la información por defecto"),
        max_length=12,
        choices=ClasificacionInformacion.choices,
        default=ClasificacionInformacion.PUBLICA,
    )
    datos_personales = models.BooleanField(_("contiene datos personales"), default=False)
    observaciones = models.TextField(_("observaciones"), blank=True)
    fundamento = models.TextField(_("fundamento legal"), blank=True)

    class Meta:
        verbose_name = _("disposición documental (CADIDO)")
        verbose_name_plural = _("catálogo de disposición documental")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valor_administrativo=True)
                | models.Q(valor_legal=True)
                | models.Q(valor_fiscal_contable=True),
                name="cadido_al_menos_un_valor_primario",
            ),
        ]

    def __str__(self) -> str:
        return f"CADIDO {self.nodo.clave}"

    @property
    def plazo_total(self) -> int:
        return self.vigencia_tramite + self.vigencia_concentracion

    @property
    def valores_primarios(self) -> str:
        flags = [(self.valor_administrativo, "A"), (self.valor_legal, "L"), (self.valor_fiscal_contable, "F/C")]
        return ", ".join(code for on, code in flags if on)

    @property
    def valores_secundarios(self) -> str:
        flags = [(self.valor_evidencial, "E"), (self.valor_testimonial, "T"), (self.valor_informativo, "I")]
        return ", ".join(code for on, code in flags if on)

    def clean(self) -> None:
        if not self.nodo.es_serie:
            raise ValidationError({"nodo": _("Sólo las series y subseries tienen disposición documental.")})
        if self.tecnica_seleccion == self.Tecnica.MUESTREO and not self.muestreo_criterio.strip():
            raise ValidationError({"muestreo_criterio": _("El muestreo requiere su criterio y porcentaje.")})
        if not (self.valor_administrativo or self.valor_legal or self.valor_fiscal_contable):
            raise ValidationError({"valor_administrativo": _("Marque al menos un valor documental primario.")})

    def snapshot(self) -> dict:
        """The values an expediente freezes when it closes (they survive later CADIDO versions)."""
        return {
            "clave": self.nodo.clave,
            "valores_primarios": self.valores_primarios,
            "vigencia_tramite": self.vigencia_tramite,
            "vigencia_concentracion": self.vigencia_concentracion,
            "plazo_total": self.plazo_total,
            "tecnica_seleccion": self.tecnica_seleccion,
            "muestreo_criterio": self.muestreo_criterio,
            "valores_secundarios": self.valores_secundarios,
            "datos_personales": self.datos_personales,
            "fundamento": self.fundamento,
        }


class FichaTecnicaValoracion(models.Model):
    """The valuation record behind a serie's CADIDO row (identification, context, content, valuation, ...)."""

    nodo = models.OneToOneField(NodoClasificacion, on_delete=models.CASCADE, related_name="ficha")
    area_productora = models.CharField(_("área productora"), max_length=255, blank=True)
    identificacion = models.TextField(_("identificación"), blank=True)
    contexto = models.TextField(_("contexto"), blank=True)
    contenido = models.TextField(_("contenido"), blank=True)
    valoracion = models.TextField(_("valoración"), blank=True)
    condiciones_acceso = models.TextField(_("condiciones de acceso"), blank=True)
    ubicacion = models.TextField(_("ubicación"), blank=True)
    responsable = models.CharField(_("responsable de la custodia"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ficha técnica de valoración documental")
        verbose_name_plural = _("fichas técnicas de valoración documental")

    def __str__(self) -> str:
        return f"Ficha {self.nodo.clave}"
