"""/api/v1/inventarios/: ask for an inventory, follow its progress, cancel it, download it, file it in an expediente.

Same selectors and services as the pages; refusals come back as {"detail", "errors"} via sai.core.api.
"""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from inventarios import selectors, services
from inventarios.models import Generacion
from inventarios.permissions import GENERAR, MODULO
from inventarios.views import generacion_response
from sai.core.api import has_perms
from sai.core.web import client_ip

PERMISOS = [IsAuthenticated, has_perms(MODULO, GENERAR)]


class GeneracionSerializer(serializers.ModelSerializer):
    porcentaje = serializers.IntegerField(read_only=True)
    sha256 = serializers.CharField(source="blob_id", read_only=True, allow_null=True)

    class Meta:
        model = Generacion
        fields = ["id", "tipo", "formato", "filtros", "transferencia", "estado", "total", "procesados", "porcentaje"]
        fields += ["nombre_archivo", "sha256", "documento", "error", "solicitada", "terminada"]
        read_only_fields = fields


class SolicitarSerializer(serializers.Serializer):
    tipo = serializers.ChoiceField(choices=Generacion.Tipo.choices)
    formato = serializers.ChoiceField(choices=Generacion.Formato.choices)
    transferencia = serializers.IntegerField(required=False, min_value=1)
    filtros = serializers.DictField(required=False, help_text="unidad, serie, anio_desde, anio_hasta, etapa, …")


class ArchivarSerializer(serializers.Serializer):
    expediente = serializers.IntegerField(min_value=1)
    tipo_documental = serializers.IntegerField(min_value=1)


class GeneracionListCreate(APIView):
    permission_classes = PERMISOS

    @extend_schema(responses=GeneracionSerializer(many=True))
    def get(self, request):
        generaciones = selectors.generacion_list_for_user(user=request.user)[:100]
        return Response(GeneracionSerializer(generaciones, many=True).data)

    @extend_schema(request=SolicitarSerializer, responses={201: GeneracionSerializer})
    def post(self, request):
        data = SolicitarSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        generacion = services.generacion_solicitar(
            actor=request.user,
            tipo=values["tipo"],
            formato=values["formato"],
            filtros=values.get("filtros"),
            transferencia_id=values.get("transferencia"),
            ip=client_ip(request),
        )
        return Response(GeneracionSerializer(generacion).data, status=status.HTTP_201_CREATED)


class GeneracionDetail(APIView):
    permission_classes = PERMISOS

    @extend_schema(responses=GeneracionSerializer)
    def get(self, request, pk: int):
        return Response(GeneracionSerializer(selectors.generacion_get_for_user(user=request.user, id=pk)).data)


class GeneracionCancelar(APIView):
    permission_classes = PERMISOS

    @extend_schema(request=None, responses=GeneracionSerializer)
    def post(self, request, pk: int):
        generacion = selectors.generacion_get_for_user(user=request.user, id=pk)
        generacion = services.generacion_cancelar(actor=request.user, generacion=generacion, ip=client_ip(request))
        return Response(GeneracionSerializer(generacion).data)


class GeneracionDescargar(APIView):
    permission_classes = PERMISOS

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request, pk: int):
        return generacion_response(request, pk)


class GeneracionArchivar(APIView):
    """File a finished PDF inventory as a document of an open expediente, where firma can have it signed."""

    permission_classes = PERMISOS

    @extend_schema(request=ArchivarSerializer, responses=GeneracionSerializer)
    def post(self, request, pk: int):
        generacion = selectors.generacion_get_for_user(user=request.user, id=pk)
        data = ArchivarSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        generacion = services.generacion_archivar(
            actor=request.user,
            generacion=generacion,
            expediente_id=data.validated_data["expediente"],
            tipo_documental=selectors.tipo_documental_get(id=data.validated_data["tipo_documental"]),
            ip=client_ip(request),
        )
        return Response(GeneracionSerializer(generacion).data)


app_name = "inventarios-api"
urlpatterns = [
    path("generaciones/", GeneracionListCreate.as_view(), name="generaciones"),
    path("generaciones/<int:pk>/", GeneracionDetail.as_view(), name="generacion"),
    path("generaciones/<int:pk>/cancelar/", GeneracionCancelar.as_view(), name="cancelar"),
    path("generaciones/<int:pk>/descargar/", GeneracionDescargar.as_view(), name="descargar"),
    path("generaciones/<int:pk>/archivar/", GeneracionArchivar.as_view(), name="archivar"),
]
