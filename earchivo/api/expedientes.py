"""API for expedientes and documentos: the same selectors and services as the pages, as JSON (and file streams)."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from earchivo.api.expedientes_serializers import (
    CierreSerializer,
    DocumentoCreateSerializer,
    DocumentoSerializer,
    ExpedienteCreateSerializer,
    ExpedienteFiltroSerializer,
    ExpedienteSerializer,
    ExpedienteUpdateSerializer,
    IndiceVerificacionSerializer,
    MotivoSerializer,
    OrdenSerializer,
    VersionCreateSerializer,
    VersionSerializer,
)
from earchivo.models import Documento
from earchivo.selectors.acceso import expediente_get_for_user
from earchivo.selectors.expedientes import (
    documento_get_for_user,
    documentos_with_versions,
    expediente_list_filtered,
    indice_verify,
    version_get_for_user,
)
from earchivo.services.caratula import caratula_filename, caratula_pdf
from earchivo.services.documentos import documento_create, documento_reorder, documento_version_add, version_open
from earchivo.services.expedientes import expediente_close, expediente_create, expediente_reopen, expediente_update
from earchivo.views import ARCHIVO
from earchivo.views.lecturas import audited_access
from sai.core.api import require_api_perms
from sai.core.reports import file_response
from sai.core.web import client_ip, stream_response


def _require(request, perm: str) -> None:
    require_api_perms(request, ARCHIVO, perm)


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
        expediente = expediente_create(actor=request.user, **data.validated_data, ip=client_ip(request))
        return Response(ExpedienteSerializer(expediente).data, status=status.HTTP_201_CREATED)


class ExpedienteDetail(APIView):
    @audited_access("expediente", lectura=True)
    @extend_schema(responses=ExpedienteSerializer)
    def get(self, request, pk: int):
        _require(request, "earchivo.view_expediente")
        return Response(ExpedienteSerializer(expediente_get_for_user(user=request.user, id=pk)).data)

    @audited_access("editar")
    @extend_schema(request=ExpedienteUpdateSerializer, responses=ExpedienteSerializer)
    def patch(self, request, pk: int):
        _require(request, "earchivo.change_expediente")
        expediente = expediente_get_for_user(user=request.user, id=pk)
        data = ExpedienteUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        expediente = expediente_update(
            actor=request.user, expediente=expediente, ip=client_ip(request), **data.validated_data
        )
        return Response(ExpedienteSerializer(expediente).data)


class ExpedienteClose(APIView):
    @audited_access("cerrar")
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
            ip=client_ip(request),
        )
        return Response(ExpedienteSerializer(expediente).data)


class ExpedienteReopen(APIView):
    @audited_access("reabrir")
    @extend_schema(request=MotivoSerializer, responses=ExpedienteSerializer)
    def post(self, request, pk: int):
        _require(request, "earchivo.reabrir_expediente")
        expediente = expediente_get_for_user(user=request.user, id=pk)
        data = MotivoSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        expediente = expediente_reopen(
            actor=request.user, expediente=expediente, motivo=data.validated_data["motivo"], ip=client_ip(request)
        )
        return Response(ExpedienteSerializer(expediente).data)


class ExpedienteCaratula(APIView):
    @audited_access("caratula", lectura=True)
    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        _require(request, "earchivo.view_expediente")
        expediente = expediente_get_for_user(user=request.user, id=pk)
        return file_response(
            caratula_pdf(expediente), filename=caratula_filename(expediente), content_type="application/pdf"
        )


class ExpedienteIndice(APIView):
    @audited_access("indice", lectura=True)
    @extend_schema(responses=IndiceVerificacionSerializer)
    def get(self, request, pk: int):
        """Check the frozen índice electrónico against the current documents and versions."""
        _require(request, "earchivo.view_expediente")
        expediente = expediente_get_for_user(user=request.user, id=pk)
        return Response(IndiceVerificacionSerializer(indice_verify(expediente=expediente)).data)


class DocumentoListCreate(APIView):
    @audited_access("documentos", lectura=True)
    @extend_schema(responses=DocumentoSerializer(many=True))
    def get(self, request, pk: int):
        _require(request, "earchivo.view_documento")
        expediente = expediente_get_for_user(user=request.user, id=pk)
        return Response(DocumentoSerializer(documentos_with_versions(expediente=expediente), many=True).data)

    @audited_access("documento_nuevo")
    @extend_schema(request={"multipart/form-data": DocumentoCreateSerializer}, responses={201: DocumentoSerializer})
    def post(self, request, pk: int):
        _require(request, "earchivo.add_documento")
        expediente = expediente_get_for_user(user=request.user, id=pk)
        data = DocumentoCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        archivo = values.pop("archivo")
        documento = documento_create(
            actor=request.user,
            expediente=expediente,
            fileobj=archivo,
            filename=archivo.name,
            ip=client_ip(request),
            **values,
        )
        documento = (
            Documento.objects.select_related("tipo_documental")
            .prefetch_related("versiones__blob", "versiones__creado_por")
            .get(pk=documento.pk)
        )
        return Response(DocumentoSerializer(documento).data, status=status.HTTP_201_CREATED)


class DocumentoOrden(APIView):
    @audited_access("mover")
    @extend_schema(request=OrdenSerializer, responses={204: OpenApiResponse(description="Orden actualizado")})
    def post(self, request, pk: int):
        _require(request, "earchivo.change_documento")
        expediente = expediente_get_for_user(user=request.user, id=pk)
        data = OrdenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        documento_reorder(
            actor=request.user,
            expediente=expediente,
            documento_ids=data.validated_data["documentos"],
            ip=client_ip(request),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class VersionCreate(APIView):
    @audited_access("version_nueva", tipo="documento")
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
            ip=client_ip(request),
        )
        return Response(VersionSerializer(version).data, status=status.HTTP_201_CREATED)


class VersionContenido(APIView):
    @audited_access("descargar", tipo="documento")
    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            410: OpenApiResponse(description="El contenido fue eliminado por una baja documental."),
        }
    )
    def get(self, request, pk: int, numero: int):
        """Stream the version's bytes (hash-verified); the download is recorded in the bitácora.

        Content deleted by a baja documental answers 410 naming the baja; the metadata stays readable.
        """
        _require(request, "earchivo.view_documento")
        version = version_get_for_user(user=request.user, documento_id=pk, numero=numero)
        contenido = version_open(actor=request.user, version=version, ip=client_ip(request))
        return stream_response(
            contenido.stream, filename=contenido.nombre_archivo, content_type=contenido.mime, size=contenido.size
        )


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
