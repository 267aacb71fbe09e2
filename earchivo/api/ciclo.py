"""API for the life cycle after cierre: calendario, retenciones, transferencias, bajas and préstamos.

Same selectors and services as the pages; refusals come back as {"detail", "errors"} via sai.core.api.
"""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from earchivo.api import requires
from earchivo.api.ciclo_serializers import (
    BajaActaSerializer,
    BajaDictamenSerializer,
    BajaSolicitarSerializer,
    CaducidadSerializer,
    PrestamoCrearSerializer,
    PrestamoSerializer,
    ProcesoBajaDetalleSerializer,
    ProcesoBajaSerializer,
    RetencionCrearSerializer,
    RetencionLegalSerializer,
    RetencionLevantarSerializer,
    TransferenciaDetalleSerializer,
    TransferenciaPrepararSerializer,
    TransferenciaRechazarSerializer,
    TransferenciaRecibirSerializer,
    TransferenciaRenglonSerializer,
    TransferenciaRevisarSerializer,
    TransferenciaSerializer,
)
from earchivo.permissions import (
    GESTIONAR_BAJA,
    GESTIONAR_PRESTAMO,
    GESTIONAR_RETENCION,
    REVISAR_TRANSFERENCIA,
    VER_BAJAS,
    VER_EXPEDIENTES,
    VER_PRESTAMOS,
    VER_TRANSFERENCIAS,
)
from earchivo.selectors import ciclo as sel
from earchivo.selectors.acceso import (
    expediente_get_for_user,
    expediente_list_by_ids_for_user,
)
from earchivo.selectors.calendario import calendario_caducidades
from earchivo.services import bajas, prestamos, retenciones, transferencias, transferencias_rechazo
from earchivo.views.lecturas import audited_access
from sai.core.exceptions import ApplicationError, NotFoundError
from sai.core.params import param_id, param_int
from sai.core.web import client_ip, stream_response
from sai.org.selectors import unidad_por_id, usuario_por_username

# --- views ------------------------------------------------------------------------------------------------------


class CalendarioList(generics.ListAPIView):
    """Calendario de caducidades: due (this year or `anio`) and overdue closed expedientes the caller may see."""

    serializer_class = CaducidadSerializer
    permission_classes = requires(VER_EXPEDIENTES)

    @extend_schema(
        parameters=[
            OpenApiParameter("anio", OpenApiTypes.INT, description="Año (por omisión, el actual)."),
            OpenApiParameter("unidad", OpenApiTypes.INT, description="Id de la unidad administrativa."),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        anio = param_int(params, "anio", minimum=1, maximum=9999)
        unidad = unidad_por_id(param_id(params, "unidad"))
        return calendario_caducidades(user=self.request.user, anio=anio, unidad=unidad)


class RetencionListCreate(APIView):
    permission_classes = requires(VER_EXPEDIENTES)

    @audited_access("retenciones")
    @extend_schema(responses=RetencionLegalSerializer(many=True))
    def get(self, request, pk: int):
        expediente = expediente_get_for_user(user=request.user, id=pk)
        return Response(RetencionLegalSerializer(sel.retencion_list(expediente=expediente), many=True).data)

    @audited_access("retenciones")
    @extend_schema(request=RetencionCrearSerializer, responses={201: RetencionLegalSerializer})
    def post(self, request, pk: int):
        expediente = expediente_get_for_user(user=request.user, id=pk)
        data = RetencionCrearSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        retencion = retenciones.retencion_place(
            actor=request.user, expediente=expediente, ip=client_ip(request), **data.validated_data
        )
        return Response(RetencionLegalSerializer(retencion).data, status=status.HTTP_201_CREATED)


class RetencionLevantar(APIView):
    permission_classes = requires(GESTIONAR_RETENCION)

    @extend_schema(request=RetencionLevantarSerializer, responses=RetencionLegalSerializer)
    def post(self, request, pk: int):
        retencion = sel.retencion_get_for_user(user=request.user, id=pk)
        data = RetencionLevantarSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        retencion = retenciones.retencion_lift(
            actor=request.user, retencion=retencion, ip=client_ip(request), **data.validated_data
        )
        return Response(RetencionLegalSerializer(retencion).data)


class TransferenciaListCreate(generics.ListAPIView):
    serializer_class = TransferenciaSerializer
    permission_classes = requires(VER_TRANSFERENCIAS)

    @extend_schema(
        parameters=[OpenApiParameter("tipo", OpenApiTypes.STR), OpenApiParameter("estado", OpenApiTypes.STR)]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        return sel.transferencia_list_for_user(
            user=self.request.user, tipo=params.get("tipo"), estado=params.get("estado")
        )

    @extend_schema(request=TransferenciaPrepararSerializer, responses={201: TransferenciaDetalleSerializer})
    def post(self, request):
        data = TransferenciaPrepararSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["expedientes"] = expediente_list_by_ids_for_user(user=request.user, ids=values["expedientes"])
        transferencia = transferencias.transferencia_prepare(actor=request.user, ip=client_ip(request), **values)
        return Response(_transferencia_detalle(request, transferencia), status=status.HTTP_201_CREATED)


def _transferencia_detalle(request, transferencia) -> dict:
    transferencia = (
        sel.transferencia_list_for_user(user=request.user).filter(pk=transferencia.pk).first() or transferencia
    )
    data = TransferenciaSerializer(transferencia).data
    renglones = sel.transferencia_renglones(user=request.user, transferencia=transferencia)
    data["renglones"] = TransferenciaRenglonSerializer(renglones, many=True).data
    return data


class TransferenciaDetail(APIView):
    permission_classes = requires(VER_TRANSFERENCIAS)

    @extend_schema(responses=TransferenciaDetalleSerializer)
    def get(self, request, pk: int):
        return Response(_transferencia_detalle(request, sel.transferencia_get_for_user(user=request.user, id=pk)))


# One action on a transfer the user may see: validate the body, call the service, answer the new detail.
# (A comment, not a docstring: drf-spectacular would print a base class's docstring in each endpoint's description.)
class _TransferenciaAccion(APIView):
    serializer_class: type

    def accion(self, request, transferencia, data):
        raise NotImplementedError

    def post(self, request, pk: int):
        transferencia = sel.transferencia_get_for_user(user=request.user, id=pk)
        data = self.serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(_transferencia_detalle(request, self.accion(request, transferencia, data)))


def _transferencia_schema(serializer_class):
    return extend_schema_view(post=extend_schema(request=serializer_class, responses=TransferenciaDetalleSerializer))


@_transferencia_schema(TransferenciaRevisarSerializer)
class TransferenciaRevisar(_TransferenciaAccion):
    permission_classes = requires(REVISAR_TRANSFERENCIA)
    serializer_class = TransferenciaRevisarSerializer

    def accion(self, request, transferencia, data):
        return transferencias.transferencia_review(
            actor=request.user, transferencia=transferencia, ip=client_ip(request), **data.validated_data
        )


@_transferencia_schema(TransferenciaRecibirSerializer)
class TransferenciaRecibir(_TransferenciaAccion):
    permission_classes = requires(VER_TRANSFERENCIAS)
    serializer_class = TransferenciaRecibirSerializer

    def accion(self, request, transferencia, data):
        return transferencias.transferencia_receive(
            actor=request.user, transferencia=transferencia, ip=client_ip(request), **data.validated()
        )


@_transferencia_schema(TransferenciaRechazarSerializer)
class TransferenciaRechazar(_TransferenciaAccion):
    """The receiving archive rejects one box (`caja`) or the whole reviewed transfer, with a reason."""

    permission_classes = requires(VER_TRANSFERENCIAS)
    serializer_class = TransferenciaRechazarSerializer

    def accion(self, request, transferencia, data):
        return transferencias_rechazo.transferencia_reject(
            actor=request.user, transferencia=transferencia, ip=client_ip(request), **data.validated_data
        )


class BajaListCreate(generics.ListAPIView):
    serializer_class = ProcesoBajaSerializer
    permission_classes = requires(VER_BAJAS)

    @extend_schema(parameters=[OpenApiParameter("estado", OpenApiTypes.STR)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return sel.proceso_baja_list_for_user(user=self.request.user, estado=self.request.query_params.get("estado"))

    @extend_schema(request=BajaSolicitarSerializer, responses={201: ProcesoBajaDetalleSerializer})
    def post(self, request):
        data = BajaSolicitarSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proceso = bajas.baja_solicitar(
            actor=request.user,
            expedientes=expediente_list_by_ids_for_user(
                user=request.user, ids=data.validated_data["expedientes"], custodia=True
            ),
            justificacion=data.validated_data["justificacion"],
            ip=client_ip(request),
        )
        return Response(ProcesoBajaDetalleSerializer(proceso).data, status=status.HTTP_201_CREATED)


class BajaDetail(APIView):
    permission_classes = requires(VER_BAJAS)

    @extend_schema(responses=ProcesoBajaDetalleSerializer)
    def get(self, request, pk: int):
        return Response(ProcesoBajaDetalleSerializer(sel.proceso_baja_get_for_user(user=request.user, id=pk)).data)


class BajaDictamen(APIView):
    permission_classes = requires(GESTIONAR_BAJA)

    @extend_schema(request=BajaDictamenSerializer, responses=ProcesoBajaDetalleSerializer)
    def post(self, request, pk: int):
        proceso = sel.proceso_baja_get_for_user(user=request.user, id=pk)
        data = BajaDictamenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proceso = bajas.baja_dictaminar(
            actor=request.user, proceso=proceso, ip=client_ip(request), **data.validated_data
        )
        return Response(ProcesoBajaDetalleSerializer(proceso).data)


class BajaActa(APIView):
    permission_classes = requires(GESTIONAR_BAJA)
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=BajaActaSerializer, responses=ProcesoBajaDetalleSerializer)
    def post(self, request, pk: int):
        proceso = sel.proceso_baja_get_for_user(user=request.user, id=pk)
        data = BajaActaSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        archivo = values.pop("archivo", None)
        proceso = bajas.baja_registrar_acta(
            actor=request.user, proceso=proceso, fileobj=archivo, ip=client_ip(request), **values
        )
        return Response(ProcesoBajaDetalleSerializer(proceso).data)


class BajaEjecutar(APIView):
    permission_classes = requires(GESTIONAR_BAJA)

    @extend_schema(request=None, responses=ProcesoBajaDetalleSerializer)
    def post(self, request, pk: int):
        proceso = sel.proceso_baja_get_for_user(user=request.user, id=pk)
        proceso = bajas.baja_ejecutar(actor=request.user, proceso=proceso, ip=client_ip(request))
        return Response(ProcesoBajaDetalleSerializer(proceso).data)


class BajaDocumentoContenido(APIView):
    permission_classes = requires(VER_BAJAS)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk: int, documento_id: int):
        proceso = sel.proceso_baja_get_for_user(user=request.user, id=pk)
        documento = proceso.documentos.select_related("blob").filter(pk=documento_id).first()
        if documento is None:
            raise NotFoundError("El documento no existe.")
        stream = bajas.baja_documento_open(actor=request.user, documento=documento, ip=client_ip(request))
        blob = documento.blob
        return stream_response(stream, filename=documento.nombre_archivo, content_type=blob.mime, size=blob.size)


class PrestamoListCreate(generics.ListAPIView):
    serializer_class = PrestamoSerializer
    permission_classes = requires(VER_PRESTAMOS, post=GESTIONAR_PRESTAMO)

    @extend_schema(
        parameters=[
            OpenApiParameter("estado", OpenApiTypes.STR, enum=["activos", "vencidos", "devueltos"]),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return sel.prestamo_list_for_user(user=self.request.user, estado=self.request.query_params.get("estado"))

    @audited_access("prestamo_nuevo", campo="expediente")
    @extend_schema(request=PrestamoCrearSerializer, responses={201: PrestamoSerializer})
    def post(self, request):
        data = PrestamoCrearSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        expediente = expediente_get_for_user(user=request.user, id=values["expediente"])
        solicitante = usuario_por_username(values["solicitante"], activo=True)
        if solicitante is None:
            raise ApplicationError(
                "Solicitante inválido.", errors={"solicitante": ["No hay una persona usuaria activa con ese nombre."]}
            )
        prestamo = prestamos.prestamo_create(
            actor=request.user,
            expediente=expediente,
            solicitante=solicitante,
            fecha_vencimiento=values["fecha_vencimiento"],
            observaciones=values["observaciones"],
            ip=client_ip(request),
        )
        return Response(PrestamoSerializer(prestamo).data, status=status.HTTP_201_CREATED)


class PrestamoDevolver(APIView):
    permission_classes = requires(GESTIONAR_PRESTAMO)

    @audited_access("prestamo_devolver", tipo="prestamo")
    @extend_schema(request=None, responses=PrestamoSerializer)
    def post(self, request, pk: int):
        prestamo = sel.prestamo_get_for_user(user=request.user, id=pk)
        prestamo = prestamos.prestamo_return(actor=request.user, prestamo=prestamo, ip=client_ip(request))
        return Response(PrestamoSerializer(prestamo).data)


urlpatterns = [
    path("calendario/", CalendarioList.as_view(), name="calendario"),
    path("expedientes/<int:pk>/retenciones/", RetencionListCreate.as_view(), name="retencion-list"),
    path("retenciones/<int:pk>/levantar/", RetencionLevantar.as_view(), name="retencion-levantar"),
    path("transferencias/", TransferenciaListCreate.as_view(), name="transferencia-list"),
    path("transferencias/<int:pk>/", TransferenciaDetail.as_view(), name="transferencia-detail"),
    path("transferencias/<int:pk>/revisar/", TransferenciaRevisar.as_view(), name="transferencia-revisar"),
    path("transferencias/<int:pk>/recibir/", TransferenciaRecibir.as_view(), name="transferencia-recibir"),
    path("transferencias/<int:pk>/rechazar/", TransferenciaRechazar.as_view(), name="transferencia-rechazar"),
    path("bajas/", BajaListCreate.as_view(), name="baja-list"),
    path("bajas/<int:pk>/", BajaDetail.as_view(), name="baja-detail"),
    path("bajas/<int:pk>/dictamen/", BajaDictamen.as_view(), name="baja-dictamen"),
    path("bajas/<int:pk>/acta/", BajaActa.as_view(), name="baja-acta"),
    path("bajas/<int:pk>/ejecutar/", BajaEjecutar.as_view(), name="baja-ejecutar"),
    path("bajas/<int:pk>/documentos/<int:documento_id>/", BajaDocumentoContenido.as_view(), name="baja-documento"),
    path("prestamos/", PrestamoListCreate.as_view(), name="prestamo-list"),
    path("prestamos/<int:pk>/devolver/", PrestamoDevolver.as_view(), name="prestamo-devolver"),
]
