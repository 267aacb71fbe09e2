"""Serializers for the expedientes API (earchivo/api/expedientes.py): expedientes, documentos, versions, índice.
Kept apart so the API module stays a list of thin views."""

from django.urls import reverse
from rest_framework import serializers

from earchivo.models import (
    ClasificacionInformacion,
    Documento,
    Expediente,
    VersionDocumento,
)
from earchivo.selectors.expedientes import series_y_nodos, tipos_documentales
from sai.org.selectors import unidades, usuarios_activos


class NodoRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    clave = serializers.CharField()
    nombre = serializers.CharField()


class UnidadRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    siglas = serializers.CharField()
    nombre = serializers.CharField()


class ExpedienteSerializer(serializers.ModelSerializer):
    serie = NodoRefSerializer()
    unidad = UnidadRefSerializer()
    responsable = serializers.CharField(source="responsable.get_username")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Expediente
        fields = [
            "id",
            "clave",
            "fondo",
            "serie",
            "unidad",
            "anio",
            "numero",
            "titulo",
            "asunto",
            "responsable",
            "fecha_apertura",
            "fecha_cierre",
            "soporte",
            "legajos",
            "fojas",
            "ubicacion_topografica",
            "etapa",
            "estado",
            "clasificacion",
            "fundamento_clasificacion",
            "fecha_clasificacion",
            "periodo_reserva_anios",
            "fecha_desclasificacion",
            "partes_clasificadas",
            "observaciones",
            "disposicion_congelada",
            "fin_tramite",
            "fin_concentracion",
            "url",
        ]

    def get_url(self, obj) -> str:
        return reverse("earchivo:expediente_detail", args=[obj.pk])


class _ClasificacionInput(serializers.Serializer):
    clasificacion = serializers.ChoiceField(choices=ClasificacionInformacion.choices, required=False)
    fundamento_clasificacion = serializers.CharField(required=False, allow_blank=True)
    fecha_clasificacion = serializers.DateField(required=False, allow_null=True)
    periodo_reserva_anios = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    partes_clasificadas = serializers.CharField(required=False, allow_blank=True)


class ExpedienteCreateSerializer(_ClasificacionInput):
    serie = serializers.PrimaryKeyRelatedField(queryset=series_y_nodos())
    unidad = serializers.PrimaryKeyRelatedField(queryset=unidades())
    titulo = serializers.CharField(max_length=500)
    asunto = serializers.CharField(required=False, allow_blank=True)
    responsable = serializers.SlugRelatedField(slug_field="username", queryset=usuarios_activos(), required=False)
    fecha_apertura = serializers.DateField(required=False)
    soporte = serializers.ChoiceField(choices=Expediente.Soporte.choices, required=False)
    legajos = serializers.IntegerField(min_value=1, required=False)
    ubicacion_topografica = serializers.CharField(required=False, allow_blank=True, max_length=255)
    observaciones = serializers.CharField(required=False, allow_blank=True)


class ExpedienteUpdateSerializer(_ClasificacionInput):
    titulo = serializers.CharField(max_length=500, required=False)
    asunto = serializers.CharField(required=False, allow_blank=True)
    responsable = serializers.SlugRelatedField(slug_field="username", queryset=usuarios_activos(), required=False)
    soporte = serializers.ChoiceField(choices=Expediente.Soporte.choices, required=False)
    legajos = serializers.IntegerField(min_value=1, required=False)
    ubicacion_topografica = serializers.CharField(required=False, allow_blank=True, max_length=255)
    observaciones = serializers.CharField(required=False, allow_blank=True)


class ExpedienteFiltroSerializer(serializers.Serializer):
    serie = serializers.IntegerField(required=False, help_text="id de la serie (incluye sus subseries)")
    unidad = serializers.IntegerField(required=False)
    anio = serializers.IntegerField(required=False)
    etapa = serializers.ChoiceField(choices=Expediente.Etapa.choices, required=False)
    estado = serializers.ChoiceField(choices=Expediente.Estado.choices, required=False)
    clasificacion = serializers.ChoiceField(choices=ClasificacionInformacion.choices, required=False)
    q = serializers.CharField(required=False, help_text="texto en la clave o el título")


class CierreSerializer(serializers.Serializer):
    fecha_cierre = serializers.DateField(required=False, allow_null=True)


class MotivoSerializer(serializers.Serializer):
    motivo = serializers.CharField(max_length=500)


class VersionSerializer(serializers.ModelSerializer):
    sha256 = serializers.CharField(source="blob_id")
    size = serializers.IntegerField(source="blob.size")
    mime = serializers.CharField(source="blob.mime")
    creado_por = serializers.CharField(source="creado_por.get_username")
    descarga = serializers.SerializerMethodField()

    class Meta:
        model = VersionDocumento
        fields = ["id", "numero", "nombre_archivo", "sha256", "size", "mime", "paginas", "motivo", "creado_por"]
        fields += ["creado", "firma_solicitud", "firma_folio", "descarga"]

    def get_descarga(self, obj) -> str:
        return reverse("api:earchivo-api:version-contenido", args=[obj.documento_id, obj.numero])


class DocumentoSerializer(serializers.ModelSerializer):
    tipo_documental = serializers.CharField(source="tipo_documental.nombre")
    versiones = VersionSerializer(many=True)

    class Meta:
        model = Documento
        fields = [
            "id",
            "uuid",
            "orden",
            "tipo_documental",
            "titulo",
            "fecha",
            "autor",
            "destinatario",
            "fojas",
            "es_documento_de_archivo",
            "metadatos",
            "versiones",
        ]


class DocumentoCreateSerializer(serializers.Serializer):
    tipo_documental = serializers.PrimaryKeyRelatedField(queryset=tipos_documentales())
    titulo = serializers.CharField(max_length=500)
    fecha = serializers.DateField()
    autor = serializers.CharField(required=False, allow_blank=True, max_length=255)
    destinatario = serializers.CharField(required=False, allow_blank=True, max_length=255)
    fojas = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    metadatos = serializers.JSONField(required=False, binary=True, help_text="objeto JSON (texto en multipart)")
    motivo = serializers.CharField(required=False, max_length=500)
    archivo = serializers.FileField()

    def validate_metadatos(self, value):
        if value is not None and not isinstance(value, dict):
            raise serializers.ValidationError("Debe ser un objeto JSON.")
        return value


class VersionCreateSerializer(serializers.Serializer):
    archivo = serializers.FileField()
    motivo = serializers.CharField(max_length=500)


class OrdenSerializer(serializers.Serializer):
    documentos = serializers.ListField(child=serializers.IntegerField(), help_text="ids en el nuevo orden")


class IndiceVerificacionSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    hash = serializers.CharField(source="indice.hash", allow_null=True, default=None)
    hash_ok = serializers.BooleanField()
    diferencias = serializers.ListField(child=serializers.CharField())
