"""API for expedientes and documentos: the same selectors and services as the pages, as JSON (and file streams)."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from earchivo.api import requires
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
from earchivo.permissions import (
    ABRIR_EXPEDIENTE,
    AGREGAR_DOCUMENTO,
    CERRAR_EXPEDIENTE,
    MODIFICAR_DOCUMENTO,
    REABRIR_EXPEDIENTE,
    VER_DOCUMENTOS,
    VER_EXPEDIENTES,
)
from earchivo.selectors.acceso import expediente_get_for_user
from earchivo.selectors.expedientes import (
    documento_get_for_user,
    documento_with_versions,
    documentos_with_versions,
    expediente_list_filtered,
    indice_verify,
    version_get_for_user,
)
from earchivo.services.caratula import caratula_filename, caratula_pdf
from earchivo.services.cierre import expediente_close, expediente_reopen
from earchivo.services.documentos import documento_create, documento_reorder, documento_version_add, version_open
from earchivo.services.expedientes import expediente_create, expediente_update
from earchivo.views.lecturas import audited_access
from sai.core.reports import file_response
from sai.core.web import client_ip, stream_response

# --- views ------------------------------------------------------------------------------------------------------


class ExpedienteListCreate(generics.ListAPIView):
    """Expedientes the caller may see, filtered; POST opens a new one."""

    serializer_class = ExpedienteSerializer
    permission_classes = requires(VER_EXPEDIENTES, post=ABRIR_EXPEDIENTE)

    def get_queryset(self):
        filtro = ExpedienteFiltroSerializer(data=self.request.query_params)
        filtro.is_valid(raise_exception=True)
        return expediente_list_filtered(user=self.request.user, **filtro.validated_data)

    @extend_schema(parameters=[ExpedienteFiltroSerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=ExpedienteCreateSerializer, responses={201: ExpedienteSerializer})
    def post(self, request):
        data = ExpedienteCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        expediente = expediente_create(actor=request.user, **data.validated_data, ip=client_ip(request))
        return Response(ExpedienteSerializer(expediente).data, status=status.HTTP_201_CREATED)


class ExpedienteDetail(APIView):
    """PATCH: descriptive fields need the keeper's permission, clasificación and responsable the classifier's
    (the service decides which applies and answers 403 otherwise)."""

    permission_classes = requires(VER_EXPEDIENTES)

    @audited_access("expediente", lectura=True)
    @extend_schema(responses=ExpedienteSerializer)
    def get(self, request, pk: int):
        return Response(ExpedienteSerializer(expediente_get_for_user(user=request.user, id=pk)).data)

    @audited_access("editar")
    @extend_schema(request=ExpedienteUpdateSerializer, responses=ExpedienteSerializer)
    def patch(self, request, pk: int):
        expediente = expediente_get_for_user(user=request.user, id=pk)
        data = ExpedienteUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        expediente = expediente_update(
            actor=request.user, expediente=expediente, ip=client_ip(request), **data.validated_data
        )
        return Response(ExpedienteSerializer(expediente).data)


class ExpedienteClose(APIView):
    permission_classes = requires(CERRAR_EXPEDIENTE)

    @audited_access("cerrar")
    @extend_schema(request=CierreSerializer, responses=ExpedienteSerializer)
    def post(self, request, pk: int):
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
    permission_classes = requires(REABRIR_EXPEDIENTE)

    @audited_access("reabrir")
    @extend_schema(request=MotivoSerializer, responses=ExpedienteSerializer)
    def post(self, request, pk: int):
        expediente = expediente_get_for_user(user=request.user, id=pk)
        data = MotivoSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        expediente = expediente_reopen(
            actor=request.user, expediente=expediente, motivo=data.validated_data["motivo"], ip=client_ip(request)
        )
        return Response(ExpedienteSerializer(expediente).data)


class ExpedienteCaratula(APIView):
    permission_classes = requires(VER_EXPEDIENTES)

    @audited_access("caratula", lectura=True)
    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        expediente = expediente_get_for_user(user=request.user, id=pk)
        return file_response(
            caratula_pdf(expediente), filename=caratula_filename(expediente), content_type="application/pdf"
        )


class ExpedienteIndice(APIView):
    permission_classes = requires(VER_EXPEDIENTES)

    @audited_access("indice", lectura=True)
    @extend_schema(responses=IndiceVerificacionSerializer)
    def get(self, request, pk: int):
        """Check the frozen índice electrónico against the current documents and versions."""
        expediente = expediente_get_for_user(user=request.user, id=pk)
        return Response(IndiceVerificacionSerializer(indice_verify(expediente=expediente)).data)


class DocumentoListCreate(APIView):
    permission_classes = requires(VER_DOCUMENTOS, post=AGREGAR_DOCUMENTO)

    @audited_access("documentos", lectura=True)
    @extend_schema(responses=DocumentoSerializer(many=True))
    def get(self, request, pk: int):
        expediente = expediente_get_for_user(user=request.user, id=pk)
        return Response(DocumentoSerializer(documentos_with_versions(expediente=expediente), many=True).data)

    @audited_access("documento_nuevo")
    @extend_schema(request={"multipart/form-data": DocumentoCreateSerializer}, responses={201: DocumentoSerializer})
    def post(self, request, pk: int):
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
        return Response(
            DocumentoSerializer(documento_with_versions(id=documento.pk)).data, status=status.HTTP_201_CREATED
        )


class DocumentoOrden(APIView):
    permission_classes = requires(MODIFICAR_DOCUMENTO)

    @audited_access("mover")
    @extend_schema(request=OrdenSerializer, responses={204: OpenApiResponse(description="Orden actualizado")})
    def post(self, request, pk: int):
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
    permission_classes = requires(MODIFICAR_DOCUMENTO)

    @audited_access("version_nueva", tipo="documento")
    @extend_schema(request={"multipart/form-data": VersionCreateSerializer}, responses={201: VersionSerializer})
    def post(self, request, pk: int):
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
    permission_classes = requires(VER_DOCUMENTOS)

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
