"""API for expedientes and documentos: the same selectors and services as the pages, as JSON (and file streams)."""

from django.contrib.auth import get_user_model
from django.http import FileResponse
from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from earchivo.models import (
    ClasificacionInformacion,
    Documento,
    Expediente,
    NodoClasificacion,
    TipoDocumental,
    VersionDocumento,
)
from earchivo.selectors.acceso import expediente_get_for_user
from earchivo.selectors.expedientes import (
    documento_get_for_user,
    documentos_with_versions,
    expediente_list_filtered,
    indice_verify,
    version_get_for_user,
)
from earchivo.services.caratula import caratula_pdf
from earchivo.services.documentos import documento_create, documento_reorder, documento_version_add, version_open
from earchivo.services.expedientes import expediente_close, expediente_create, expediente_reopen, expediente_update
from sai.core.reports import file_response
from sai.org.models import UnidadAdministrativa


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied("No tiene permiso para esta operación.")


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


# --- serializers ------------------------------------------------------------------------------------------------


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
    serie = serializers.PrimaryKeyRelatedField(queryset=NodoClasificacion.objects.all())
    unidad = serializers.PrimaryKeyRelatedField(queryset=UnidadAdministrativa.objects.all())
    titulo = serializers.CharField(max_length=500)
    asunto = serializers.CharField(required=False, allow_blank=True)
    responsable = serializers.SlugRelatedField(
        slug_field="username", queryset=get_user_model().objects.filter(is_active=True), required=False
    )
    fecha_apertura = serializers.DateField(required=False)
    soporte = serializers.ChoiceField(choices=Expediente.Soporte.choices, required=False)
    legajos = serializers.IntegerField(min_value=1, required=False)
    ubicacion_topografica = serializers.CharField(required=False, allow_blank=True, max_length=255)
    observaciones = serializers.CharField(required=False, allow_blank=True)


class ExpedienteUpdateSerializer(_ClasificacionInput):
    titulo = serializers.CharField(max_length=500, required=False)
    asunto = serializers.CharField(required=False, allow_blank=True)
    responsable = serializers.SlugRelatedField(
        slug_field="username", queryset=get_user_model().objects.filter(is_active=True), required=False
    )
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
        fields = ["numero", "nombre_archivo", "sha256", "size", "mime", "paginas", "motivo", "creado_por", "creado"]
        fields += ["descarga"]

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
    tipo_documental = serializers.PrimaryKeyRelatedField(queryset=TipoDocumental.objects.all())
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


# --- views ------------------------------------------------------------------------------------------------------


class ExpedienteListCreate(generics.ListAPIView):
    """Expedientes the caller may see, filtered; POST opens a new one."""

    serializer_class = ExpedienteSerializer

    def get_queryset(self):
        _require(self.request, "earchivo.view_expediente")
        filtro = ExpedienteFiltroSerializer(data=self.request.query_params)
        filtro.is_valid(raise_exception=True)
        return expediente_list_filtered(user=self.request.user, **filtro.validated_data)

    @extend_schema(parameters=[ExpedienteFiltroSerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=ExpedienteCreateSerializer, responses={201: ExpedienteSerializer})
    def post(self, request):
        _require(request, "earchivo.add_expediente")
        data = ExpedienteCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        expediente = expediente_create(actor=request.user, **data.validated_data, ip=_ip(request))
        return Response(ExpedienteSerializer(expediente).data, status=status.HTTP_201_CREATED)


class ExpedienteDetail(APIView):
    @extend_schema(responses=ExpedienteSerializer)
    def get(self, request, pk: int):
        _require(request, "earchivo.view_expediente")
        return Response(ExpedienteSerializer(expediente_get_for_user(user=request.user, id=pk)).data)

    @extend_schema(request=ExpedienteUpdateSerializer, responses=ExpedienteSerializer)
    def patch(self, request, pk: int):
        _require(request, "earchivo.change_expediente")
        expediente = expediente_get_for_user(user=request.user, id=pk)
        data = ExpedienteUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        expediente = expediente_update(
            actor=request.user, expediente=expediente, ip=_ip(request), **data.validated_data
        )
        return Response(ExpedienteSerializer(expediente).data)


class ExpedienteClose(APIView):
    @extend_schema(request=CierreSerializer, responses=ExpedienteSerializer)
    def post(self, request, pk: int):
        _require(request, "earchivo.cerrar_expediente")
        expediente = expediente_get_for_user(user=request.user, id=pk)
        data = CierreSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        expediente = expediente_close(
            actor=request.user,
            expediente=expediente,
            fecha_cierre=data.validated_data.get("fecha_cierre"),
            ip=_ip(request),
        )
        return Response(ExpedienteSerializer(expediente).data)


class ExpedienteReopen(APIView):
    @extend_schema(request=MotivoSerializer, responses=ExpedienteSerializer)
    def post(self, request, pk: int):
        _require(request, "earchivo.reabrir_expediente")
        expediente = expediente_get_for_user(user=request.user, id=pk)
        data = MotivoSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        expediente = expediente_reopen(
            actor=request.user, expediente=expediente, motivo=data.validated_data["motivo"], ip=_ip(request)
        )
        return Response(ExpedienteSerializer(expediente).data)


class ExpedienteCaratula(APIView):
    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        _require(request, "earchivo.view_expediente")
        expediente = expediente_get_for_user(user=request.user, id=pk)
        filename = f"caratula-{expediente.clave.replace('/', '-')}.pdf"
        return file_response(caratula_pdf(expediente), filename=filename, content_type="application/pdf")


class ExpedienteIndice(APIView):
    @extend_schema(responses=IndiceVerificacionSerializer)
    def get(self, request, pk: int):
        """Check the frozen índice electrónico against the current documents and versions."""
        _require(request, "earchivo.view_expediente")
        expediente = expediente_get_for_user(user=request.user, id=pk)
        return Response(IndiceVerificacionSerializer(indice_verify(expediente=expediente)).data)


class DocumentoListCreate(APIView):
    @extend_schema(responses=DocumentoSerializer(many=True))
    def get(self, request, pk: int):
        _require(request, "earchivo.view_documento")
        expediente = expediente_get_for_user(user=request.user, id=pk)
        return Response(DocumentoSerializer(documentos_with_versions(expediente=expediente), many=True).data)

    @extend_schema(request={"multipart/form-data": DocumentoCreateSerializer}, responses={201: DocumentoSerializer})
    def post(self, request, pk: int):
        _require(request, "earchivo.add_documento")
        expediente = expediente_get_for_user(user=request.user, id=pk)
        data = DocumentoCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        archivo = values.pop("archivo")
        documento = documento_create(
            actor=request.user, expediente=expediente, fileobj=archivo, filename=archivo.name, ip=_ip(request), **values
        )
        documento = (
            Documento.objects.select_related("tipo_documental")
            .prefetch_related("versiones__blob", "versiones__creado_por")
            .get(pk=documento.pk)
        )
        return Response(DocumentoSerializer(documento).data, status=status.HTTP_201_CREATED)


class DocumentoOrden(APIView):
    @extend_schema(request=OrdenSerializer, responses={204: OpenApiResponse(description="Orden actualizado")})
    def post(self, request, pk: int):
        _require(request, "earchivo.change_documento")
        expediente = expediente_get_for_user(user=request.user, id=pk)
        data = OrdenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        documento_reorder(
            actor=request.user, expediente=expediente, documento_ids=data.validated_data["documentos"], ip=_ip(request)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class VersionCreate(APIView):
    @extend_schema(request={"multipart/form-data": VersionCreateSerializer}, responses={201: VersionSerializer})
    def post(self, request, pk: int):
        _require(request, "earchivo.change_documento")
        documento = documento_get_for_user(user=request.user, id=pk)
        data = VersionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        archivo = data.validated_data["archivo"]
        version = documento_version_add(
            actor=request.user,
            documento=documento,
            fileobj=archivo,
            filename=archivo.name,
            motivo=data.validated_data["motivo"],
            ip=_ip(request),
        )
        return Response(VersionSerializer(version).data, status=status.HTTP_201_CREATED)


class VersionContenido(APIView):
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk: int, numero: int):
        """Stream the version's bytes (hash-verified); the download is recorded in the bitácora."""
        _require(request, "earchivo.view_documento")
        version = version_get_for_user(user=request.user, documento_id=pk, numero=numero)
        contenido = version_open(actor=request.user, version=version, ip=_ip(request))
        response = FileResponse(
            contenido.stream, as_attachment=True, filename=contenido.nombre_archivo, content_type=contenido.mime
        )
        response["Content-Length"] = str(contenido.size)
        return response


urlpatterns = [
    path("expedientes/", ExpedienteListCreate.as_view(), name="expediente-list"),
    path("expedientes/<int:pk>/", ExpedienteDetail.as_view(), name="expediente-detail"),
    path("expedientes/<int:pk>/cerrar/", ExpedienteClose.as_view(), name="expediente-cerrar"),
    path("expedientes/<int:pk>/reabrir/", ExpedienteReopen.as_view(), name="expediente-reabrir"),
    path("expedientes/<int:pk>/caratula/", ExpedienteCaratula.as_view(), name="expediente-caratula"),
    path("expedientes/<int:pk>/indice/", ExpedienteIndice.as_view(), name="expediente-indice"),
    path("expedientes/<int:pk>/documentos/", DocumentoListCreate.as_view(), name="documento-list"),
    path("expedientes/<int:pk>/documentos/orden/", DocumentoOrden.as_view(), name="documento-orden"),
    path("documentos/<int:pk>/versiones/", VersionCreate.as_view(), name="version-create"),
    path("documentos/<int:pk>/versiones/<int:numero>/contenido/", VersionContenido.as_view(), name="version-contenido"),
]
