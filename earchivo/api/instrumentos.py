"""API of the archival instruments: versions, the CGCA tree, the CADIDO, series; borrador, import, publish, export.

Reading needs access to the archive (borradores also `administrar_instrumentos`); every change is refused by the
services unless the caller holds `earchivo.administrar_instrumentos`.
"""

from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import renderers, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from earchivo.api import requires
from earchivo.models import CuadroClasificacion, DisposicionDocumental, FichaTecnicaValoracion
from earchivo.selectors.instrumentos import (
    cadido_list,
    cgca_tree,
    cuadro_get_for_user,
    cuadro_list_for_user,
    serie_expedientes_count,
    serie_get,
    tree_walk,
)
from earchivo.services.instrumentos import cuadro_create_borrador, cuadro_publish
from earchivo.services.instrumentos_export import FORMATOS, instrumentos_export
from earchivo.services.instrumentos_io import instrumentos_import
from sai.core.orden import natural
from sai.core.reports import XLSX_MIME, file_response


class _Base(APIView):
    permission_classes = requires()


# --- serializers ------------------------------------------------------------------------------------------------


class CgcaVersionSerializer(serializers.ModelSerializer):
    num_nodos = serializers.IntegerField(read_only=True, default=0)
    num_series = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = CuadroClasificacion
        fields = ["version", "nombre", "estado", "fecha_aprobacion", "acuerdo", "publicado", "creado"]
        fields += ["num_nodos", "num_series"]


class CgcaBorradorSerializer(serializers.Serializer):
    nombre = serializers.CharField(max_length=255)
    copiar_de = serializers.IntegerField(
        required=False, allow_null=True, help_text="Versión que se copia (nodos, CADIDO y fichas); vacío: en blanco."
    )


class CgcaPublicarSerializer(serializers.Serializer):
    fecha_aprobacion = serializers.DateField()
    acuerdo = serializers.CharField(max_length=255)


class CgcaNodoSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    clave = serializers.CharField()
    clave_padre = serializers.CharField(allow_blank=True)
    nivel = serializers.CharField()
    nombre = serializers.CharField()
    descripcion = serializers.CharField(allow_blank=True)
    tipo = serializers.CharField(allow_blank=True)
    profundidad = serializers.IntegerField()
    unidades_productoras = serializers.ListField(child=serializers.CharField())
    tiene_disposicion = serializers.BooleanField()
    expedientes = serializers.IntegerField(help_text="Expedientes visibles clasificados en este nodo.")
    expedientes_total = serializers.IntegerField(help_text="Los de este nodo y todos los que dependen de él.")


class CgcaDisposicionSerializer(serializers.ModelSerializer):
    plazo_total = serializers.IntegerField(read_only=True)
    valores_primarios = serializers.CharField(read_only=True)
    valores_secundarios = serializers.CharField(read_only=True)

    class Meta:
        model = DisposicionDocumental
        exclude = ["id", "nodo"]


class CgcaFichaSerializer(serializers.ModelSerializer):
    class Meta:
        model = FichaTecnicaValoracion
        exclude = ["id", "nodo"]


class CgcaCadidoSerializer(serializers.Serializer):
    clave = serializers.CharField()
    nivel = serializers.CharField()
    nombre = serializers.CharField()
    unidades_productoras = serializers.ListField(child=serializers.CharField())
    disposicion = CgcaDisposicionSerializer(allow_null=True)


class CgcaSerieSerializer(CgcaCadidoSerializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    descripcion = serializers.CharField(allow_blank=True)
    tipo = serializers.CharField(allow_blank=True)
    clave_padre = serializers.CharField()
    subseries = serializers.ListField(child=serializers.CharField())
    ficha = CgcaFichaSerializer(allow_null=True)
    expedientes = serializers.IntegerField(help_text="Expedientes visibles en la serie y sus subseries.")


class CgcaImportarSerializer(serializers.Serializer):
    archivo = serializers.FileField(help_text="XLSX o CSV con las columnas del CGCA y del CADIDO.")
    version = serializers.IntegerField(
        required=False, allow_null=True, help_text="Borrador cuyo contenido se reemplaza; vacío: versión nueva."
    )
    nombre = serializers.CharField(required=False, allow_blank=True, max_length=255)


class CgcaImportacionSerializer(serializers.Serializer):
    version = serializers.IntegerField(source="cuadro.version")
    nodos = serializers.IntegerField()
    series = serializers.IntegerField()
    disposiciones = serializers.IntegerField()
    fichas = serializers.IntegerField()
    reemplazados = serializers.IntegerField()


class CgcaErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


def _siglas(nodo) -> list[str]:
    return [unidad.siglas for unidad in nodo.unidades_productoras.all()]


def _disposicion(nodo):
    return getattr(nodo, "disposicion", None)


_ERRORS = {
    400: OpenApiResponse(CgcaErrorSerializer),
    403: OpenApiResponse(CgcaErrorSerializer),
    404: OpenApiResponse(CgcaErrorSerializer),
}
_TAGS = ["instrumentos"]


# --- views ------------------------------------------------------------------------------------------------------


class VersionList(_Base):
    @extend_schema(tags=_TAGS, responses=CgcaVersionSerializer(many=True), summary="Versiones del CGCA")
    def get(self, request):
        return Response(CgcaVersionSerializer(cuadro_list_for_user(user=request.user), many=True).data)

    @extend_schema(
        tags=_TAGS,
        request=CgcaBorradorSerializer,
        responses={201: CgcaVersionSerializer, **_ERRORS},
        summary="Crear un borrador (en blanco o copia de otra versión)",
    )
    def post(self, request):
        data = CgcaBorradorSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = data.validated_data.get("copiar_de")
        origen = cuadro_get_for_user(user=request.user, version=version) if version else None
        cuadro = cuadro_create_borrador(actor=request.user, nombre=data.validated_data["nombre"], copiar_de=origen)
        return Response(CgcaVersionSerializer(cuadro).data, status=status.HTTP_201_CREATED)


class VersionDetail(_Base):
    @extend_schema(tags=_TAGS, responses={200: CgcaVersionSerializer, 404: _ERRORS[404]}, summary="Una versión")
    def get(self, request, version: int | None = None):
        return Response(CgcaVersionSerializer(cuadro_get_for_user(user=request.user, version=version)).data)


class VersionVigente(VersionDetail):
    @extend_schema(tags=_TAGS, responses={200: CgcaVersionSerializer, 404: _ERRORS[404]}, summary="La versión vigente")
    def get(self, request):
        return super().get(request, version=None)


class Arbol(_Base):
    @extend_schema(
        tags=_TAGS,
        responses={200: CgcaNodoSerializer(many=True), 404: _ERRORS[404]},
        summary="Árbol del CGCA en preorden, con los expedientes visibles bajo cada nodo",
    )
    def get(self, request, version: int):
        cuadro = cuadro_get_for_user(user=request.user, version=version)
        items = tree_walk(cgca_tree(cuadro=cuadro, user=request.user))
        claves = {}
        rows = []
        for item in items:
            nodo = item.nodo
            claves[nodo.pk] = nodo.clave
            rows.append(
                {
                    "id": nodo.pk,
                    "clave": nodo.clave,
                    "clave_padre": claves.get(nodo.padre_id, ""),
                    "nivel": nodo.nivel,
                    "nombre": nodo.nombre,
                    "descripcion": nodo.descripcion,
                    "tipo": nodo.tipo,
                    "profundidad": item.depth,
                    "unidades_productoras": _siglas(nodo),
                    "tiene_disposicion": _disposicion(nodo) is not None,
                    "expedientes": item.expedientes,
                    "expedientes_total": item.expedientes_total,
                }
            )
        return Response(CgcaNodoSerializer(rows, many=True).data)


class Cadido(_Base):
    @extend_schema(
        tags=_TAGS,
        responses={200: CgcaCadidoSerializer(many=True), 404: _ERRORS[404]},
        summary="Catálogo de disposición documental de una versión",
    )
    def get(self, request, version: int):
        cuadro = cuadro_get_for_user(user=request.user, version=version)
        rows = [
            {
                "clave": nodo.clave,
                "nivel": nodo.nivel,
                "nombre": nodo.nombre,
                "unidades_productoras": _siglas(nodo),
                "disposicion": _disposicion(nodo),
            }
            for nodo in cadido_list(cuadro=cuadro)
        ]
        return Response(CgcaCadidoSerializer(rows, many=True).data)


class Serie(_Base):
    @extend_schema(
        tags=_TAGS,
        responses={200: CgcaSerieSerializer, 404: _ERRORS[404]},
        summary="Una serie o subserie: CADIDO, ficha técnica y unidades productoras",
    )
    def get(self, request, version: int, clave: str):
        cuadro = cuadro_get_for_user(user=request.user, version=version)
        nodo = serie_get(cuadro=cuadro, clave=clave)
        data = {
            "id": nodo.pk,
            "version": cuadro.version,
            "clave": nodo.clave,
            "nivel": nodo.nivel,
            "nombre": nodo.nombre,
            "descripcion": nodo.descripcion,
            "tipo": nodo.tipo,
            "clave_padre": nodo.padre.clave,
            "unidades_productoras": _siglas(nodo),
            "subseries": list(nodo.hijos.order_by(natural("clave")).values_list("clave", flat=True)),
            "disposicion": _disposicion(nodo),
            "ficha": getattr(nodo, "ficha", None),
            "expedientes": serie_expedientes_count(nodo=nodo, user=request.user),
        }
        return Response(CgcaSerieSerializer(data).data)


class Publicar(_Base):
    @extend_schema(
        tags=_TAGS,
        request=CgcaPublicarSerializer,
        responses={200: CgcaVersionSerializer, 409: OpenApiResponse(CgcaErrorSerializer), **_ERRORS},
        summary="Publicar un borrador: pasa a vigente y la versión vigente anterior a histórico",
    )
    def post(self, request, version: int):
        data = CgcaPublicarSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cuadro = cuadro_get_for_user(user=request.user, version=version)
        cuadro = cuadro_publish(actor=request.user, cuadro=cuadro, **data.validated_data)
        return Response(CgcaVersionSerializer(cuadro).data)


class Importar(_Base):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=_TAGS,
        request={"multipart/form-data": CgcaImportarSerializer},
        responses={201: CgcaImportacionSerializer, 409: OpenApiResponse(CgcaErrorSerializer), **_ERRORS},
        summary="Importar el CGCA y el CADIDO desde una hoja de cálculo, todo o nada",
        description="Cada problema se informa en `errors.archivo` como `archivo:fila: columna: motivo`.",
    )
    def post(self, request):
        data = CgcaImportarSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = data.validated_data.get("version")
        cuadro = cuadro_get_for_user(user=request.user, version=version) if version else None
        upload = data.validated_data["archivo"]
        summary = instrumentos_import(
            actor=request.user,
            fileobj=upload,
            filename=upload.name,
            cuadro=cuadro,
            nombre=data.validated_data.get("nombre", ""),
        )
        return Response(CgcaImportacionSerializer(summary).data, status=status.HTTP_201_CREATED)


class _AnyRenderer(renderers.BaseRenderer):
    """Lets a client ask for the file's own type (Accept: application/pdf) without a 406; errors stay JSON."""

    media_type = "*/*"
    format = "archivo"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else renderers.JSONRenderer().render(data)


class Exportar(_Base):
    renderer_classes = [renderers.JSONRenderer, _AnyRenderer]

    @extend_schema(
        tags=_TAGS,
        parameters=[OpenApiParameter("formato", str, OpenApiParameter.PATH, enum=list(FORMATOS))],
        responses={
            (200, XLSX_MIME): OpenApiTypes.BINARY,
            (200, "application/pdf"): OpenApiTypes.BINARY,
            404: _ERRORS[404],
        },
        summary="Descargar el CGCA y el CADIDO (xlsx) o el cuadro imprimible (pdf)",
    )
    def get(self, request, version: int, formato: str):
        if formato not in FORMATOS:
            raise Http404
        cuadro = cuadro_get_for_user(user=request.user, version=version)
        result = instrumentos_export(actor=request.user, cuadro=cuadro, formato=formato)
        return file_response(result.content, filename=result.filename, content_type=result.content_type)


urlpatterns = [
    path("cgca/versiones/", VersionList.as_view(), name="cgca-versiones"),
    path("cgca/vigente/", VersionVigente.as_view(), name="cgca-vigente"),
    path("cgca/importar/", Importar.as_view(), name="cgca-importar"),
    path("cgca/versiones/<int:version>/", VersionDetail.as_view(), name="cgca-version"),
    path("cgca/versiones/<int:version>/arbol/", Arbol.as_view(), name="cgca-arbol"),
    path("cgca/versiones/<int:version>/cadido/", Cadido.as_view(), name="cgca-cadido"),
    path("cgca/versiones/<int:version>/series/<str:clave>/", Serie.as_view(), name="cgca-serie"),
    path("cgca/versiones/<int:version>/publicar/", Publicar.as_view(), name="cgca-publicar"),
    path("cgca/versiones/<int:version>/exportar/<str:formato>/", Exportar.as_view(), name="cgca-exportar"),
]
