"""REST API: /api/v1/search/ (the same search as the page, as JSON) and /api/v1/search/export/ (auditors)."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sai.core.api import has_perms
from sai.core.reports import file_response
from sai.core.web import client_ip
from sai.search.params import search_params
from sai.search.results import ORDENES
from sai.search.schema import FACETAS
from sai.search.services.consulta import ACCESO_BUSQUEDA, AUDITOR, search_execute, search_export

app_name = "search-api"


class FacetaValorSerializer(serializers.Serializer):
    valor = serializers.CharField()
    etiqueta = serializers.CharField()
    cuenta = serializers.IntegerField()
    seleccionado = serializers.BooleanField()


class FacetaSerializer(serializers.Serializer):
    nombre = serializers.CharField()
    etiqueta = serializers.CharField()
    valores = FacetaValorSerializer(many=True)


class HitSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="tipo:id, único en el índice")
    tipo = serializers.CharField(help_text="expediente o documento")
    objeto_id = serializers.IntegerField()
    titulo = serializers.CharField()
    titulo_html = serializers.CharField(help_text="Título con coincidencias en <mark> (HTML seguro); vacío si no hay")
    fecha = serializers.DateField(allow_null=True)
    claves = serializers.ListField(child=serializers.CharField())
    fragmentos = serializers.ListField(
        child=serializers.CharField(), help_text="Extractos con las coincidencias en <mark> (HTML seguro)"
    )
    pagina = serializers.IntegerField(allow_null=True, help_text="Página del documento donde está el extracto")
    url = serializers.CharField(help_text="Página del expediente (o del documento dentro de él)")
    url_contenido = serializers.CharField(help_text="Contenido del documento, en la página del extracto")
    facetas = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField(), min_length=2, max_length=2),
        help_text="Por faceta: [valor, etiqueta]",
    )
    datos = serializers.DictField(help_text="Datos para mostrar (clave y título del expediente, versión...)")


class ResultadoSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Total exacto de resultados que el usuario puede ver")
    siguiente = serializers.CharField(
        allow_null=True, help_text="Cursor opaco de la página siguiente (sólo para este usuario y esta búsqueda)"
    )
    resultados = HitSerializer(many=True)
    facetas = FacetaSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


_FACET_PARAMS = [
    OpenApiParameter(name, str, many=True, description=f"Faceta «{label}»: valor exacto (repetible)")
    for name, label in FACETAS
]
_QUERY_PARAMS = [
    OpenApiParameter(
        "q",
        str,
        description='Palabras, "frases", -exclusión, OR y filtros serie: unidad: año: tipo: etapa: firmado: fecha:',
    ),
    OpenApiParameter("orden", str, enum=list(ORDENES), description="relevancia (por omisión), fecha, fecha_asc"),
    *_FACET_PARAMS,
]


class SearchView(APIView):
    permission_classes = [IsAuthenticated, has_perms(ACCESO_BUSQUEDA)]

    @extend_schema(
        operation_id="search",
        summary="Buscar en el archivo",
        description="Sólo devuelve (y cuenta) lo que el usuario puede ver. Las búsquedas de auditoría se registran.",
        parameters=[
            *_QUERY_PARAMS,
            OpenApiParameter("cursor", str, description="Valor `siguiente` de la página anterior"),
            OpenApiParameter("tamano", int, description="Resultados por página (1-100, 20 por omisión)"),
        ],
        responses={200: ResultadoSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def get(self, request):
        try:
            tamano = int(request.query_params.get("tamano", 20))
        except ValueError:
            tamano = 20
        resultado = search_execute(
            actor=request.user,
            cursor=request.query_params.get("cursor"),
            tamano=tamano,
            ip=client_ip(request),
            **search_params(request.query_params),
        )
        data = {
            "total": resultado.total,
            "siguiente": resultado.siguiente,
            "resultados": [vars(hit) for hit in resultado.hits],
            "facetas": [vars(f) | {"valores": [vars(v) for v in f.valores]} for f in resultado.facetas],
        }
        return Response(ResultadoSerializer(data).data)


class ExportView(APIView):
    permission_classes = [IsAuthenticated, has_perms(ACCESO_BUSQUEDA, AUDITOR)]

    @extend_schema(
        operation_id="search_export",
        summary="Exportar los resultados de una búsqueda (auditoría)",
        description="Todos los resultados como CSV o XLSX; la exportación queda registrada en la bitácora.",
        parameters=[*_QUERY_PARAMS, OpenApiParameter("formato", str, enum=["csv", "xlsx"])],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiResponse(
                OpenApiTypes.BINARY
            ),
            400: ErrorSerializer,
            403: ErrorSerializer,
        },
    )
    def get(self, request):
        export = search_export(
            actor=request.user,
            formato=request.query_params.get("formato", "csv"),
            ip=client_ip(request),
            **search_params(request.query_params),
        )
        return file_response(export.contenido, filename=export.nombre, content_type=export.mime)


urlpatterns = [
    path("", SearchView.as_view(), name="search"),
    path("export/", ExportView.as_view(), name="export"),
]
