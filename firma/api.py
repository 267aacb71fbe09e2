"""REST API of firma (/api/v1/firma/): certificates, signing requests, two-phase and server-side signing, validation.

Server-side signing takes the `.key` and its password in one multipart request: they are pulled out of the parsed
request data before anything else runs (so no later code, error report or log can see them), used once, wiped.
"""

import base64
import binascii

from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import Throttled
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from firma import permissions, selectors
from firma.serializers import (
    CertificadoSerializer,
    CertificadoUploadSerializer,
    CompletarSerializer,
    FirmarLoteSerializer,
    FirmarServidorSerializer,
    PreparacionSerializer,
    PrepararSerializer,
    ReasignarSerializer,
    ReporteSerializer,
    ResultadoLoteSerializer,
    SolicitudCreateSerializer,
    SolicitudSerializer,
    TerminoSerializer,
    ValidarSerializer,
    VerificacionSerializer,
)
from firma.services import (
    certificado_register,
    firma_complete,
    firma_prepare,
    firma_sign,
    firma_sign_batch,
    firma_validate,
    firmante_reassign,
    solicitud_cancel,
    solicitud_constancia_download,
    solicitud_create,
    solicitud_decline,
    solicitud_pdf_download,
)
from firma.verificador import LIMITE_MENSAJE, limite_excedido, pdf_verify
from firma.views import audited_access, solicitud_pdf_response
from sai.core.exceptions import ApplicationError, NotFoundError
from sai.core.web import client_ip

SECRETOS = ("llave", "contrasena")
MAX_LLAVE = 16 * 1024  # a SAT .key is about 1.3 kB
MAX_CER = 16 * 1024
MAX_PDF = 20 * 1024 * 1024
TAGS = ["firma"]


def upload_bytes(upload, *, campo: str, limite: int, nombre: str) -> bytes:
    if upload is None:
        raise ApplicationError(f"Falta el archivo {nombre}.", errors={campo: [f"adjunte el archivo {nombre}"]})
    if upload.size > limite:
        raise ApplicationError(
            f"El archivo {nombre} es demasiado grande.", errors={campo: [f"el límite es {limite:,} bytes"]}
        )
    return upload.read()


def _certificado_propio(user, pk):
    certificado = selectors.certificado_list_for_user(user=user).filter(pk=pk).first()
    if certificado is None:
        raise NotFoundError("El certificado no existe o no está registrado a su nombre.")
    return certificado


def _solicitud_out(solicitud) -> dict:
    return SolicitudSerializer(selectors.solicitud_get_by_uuid(uuid=solicitud.uuid)).data


class CertificadoListView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(tags=TAGS, summary="Mis certificados registrados", responses=CertificadoSerializer(many=True))
    def get(self, request):
        permissions.require_firmar(request.user)
        return Response(CertificadoSerializer(selectors.certificado_list_for_user(user=request.user), many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="Registrar mi certificado (.cer)",
        request={"multipart/form-data": CertificadoUploadSerializer},
        responses={201: CertificadoSerializer},
    )
    def post(self, request):
        cer = upload_bytes(request.FILES.get("cer"), campo="cer", limite=MAX_CER, nombre=".cer")
        certificado = certificado_register(actor=request.user, cer=cer, ip=client_ip(request))
        return Response(CertificadoSerializer(certificado).data, status=201)


class CreateView(APIView):
    """The create shape of firma's API: one guard, the request validated by `entrada`, `create` (which calls the
    service with the validated data) and 201 with what it returns. Subclasses set the schema on `post`."""

    entrada: type[serializers.Serializer]
    guard = staticmethod(permissions.require_firmar)

    def create(self, request, data: dict) -> dict:
        raise NotImplementedError

    def post(self, request):
        self.guard(request.user)
        serializer = self.entrada(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(self.create(request, serializer.validated_data), status=201)


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        summary="Enviar a firma un documento PDF (p. ej. una versión de e-archivo: firmable_tipo earchivo.version)",
        request=SolicitudCreateSerializer,
        responses={201: SolicitudSerializer},
    )
)
class SolicitudCreateView(CreateView):
    entrada = SolicitudCreateSerializer
    guard = staticmethod(permissions.require_solicitar)

    def create(self, request, data: dict) -> dict:
        solicitud = solicitud_create(
            actor=request.user,
            firmable_tipo=data["firmable_tipo"],
            firmable_id=data["firmable_id"],
            firmantes=[(f["usuario"], f["cargo"]) for f in data["firmantes"]],
            folio=data["folio"],
            unidad_emisora=data["unidad_emisora"],
            nivel=data["nivel"] or None,
            ip=client_ip(request),
        )
        return _solicitud_out(solicitud)


class SolicitudDetailView(APIView):
    @audited_access("solicitud")
    @extend_schema(tags=TAGS, summary="Detalle de una solicitud de firma", responses=SolicitudSerializer)
    def get(self, request, uuid):
        permissions.require_usar_firma(request.user)
        solicitud = selectors.solicitud_get_for_user(user=request.user, uuid=uuid)
        return Response(_solicitud_out(solicitud))


def _solicitud_pdf_view(audit_as: str, summary: str, *, descargar, nombre: str) -> type[APIView]:
    """A view downloading one PDF of a request (the current PDF, the constancia): they differ only in these."""

    class View(APIView):
        @audited_access(audit_as)
        @extend_schema(
            tags=TAGS, summary=summary, responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)}
        )
        def get(self, request, uuid):
            permissions.require_usar_firma(request.user)
            return solicitud_pdf_response(request, uuid, descargar=descargar, nombre=nombre)

    return View


SolicitudPdfView = _solicitud_pdf_view(
    "pdf",
    "Descargar el PDF actual de la solicitud (firmado hasta ahora)",
    descargar=solicitud_pdf_download,
    nombre="firma",
)
SolicitudConstanciaView = _solicitud_pdf_view(
    "constancia",
    "Constancia de firma (PDF/A): quién firmó, cuándo, con qué certificado y nivel, y los hashes",
    descargar=solicitud_constancia_download,
    nombre="constancia",
)


class PrepararView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        tags=TAGS,
        summary="Firma en dos fases, 1: preparar (la llave privada nunca llega al servidor)",
        request=PrepararSerializer,
        responses=PreparacionSerializer,
    )
    def post(self, request, uuid):
        permissions.require_firmar(request.user)
        serializer = PrepararSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        solicitud = selectors.solicitud_get_for_user(user=request.user, uuid=uuid)
        certificado = _certificado_propio(request.user, serializer.validated_data["certificado"])
        preparacion = firma_prepare(
            actor=request.user, solicitud=solicitud, certificado=certificado, ip=client_ip(request)
        )
        return Response(
            {
                "atributos": preparacion.atributos_b64,
                "algoritmo": preparacion.algoritmo,
                "expira": preparacion.expira,
                "cadena": preparacion.cadena,
            }
        )


class CompletarView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        tags=TAGS,
        summary="Firma en dos fases, 2: entregar la firma de los atributos",
        request=CompletarSerializer,
        responses=SolicitudSerializer,
    )
    def post(self, request, uuid):
        permissions.require_firmar(request.user)
        serializer = CompletarSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            firma = base64.b64decode(serializer.validated_data["firma"], validate=True)
        except (binascii.Error, ValueError):
            raise ApplicationError("La firma no está en base64.", errors={"firma": ["base64 inválido"]}) from None
        solicitud = selectors.solicitud_get_for_user(user=request.user, uuid=uuid)
        firma_complete(
            actor=request.user,
            solicitud=solicitud,
            firma=firma,
            sello=serializer.validated_data["sello"],
            ip=client_ip(request),
        )
        return Response(_solicitud_out(solicitud))


def secretos_extraer(request) -> tuple[bytearray, bytearray]:
    """Take the `.key` and the password out of the parsed request (every copy DRF and Django keep of it).

    Returns mutable buffers the signing service wipes after its one use.
    """
    upload = request.FILES.get("llave")
    contrasena = request.data.get("contrasena") or ""
    try:
        llave = bytearray(upload_bytes(upload, campo="llave", limite=MAX_LLAVE, nombre=".key"))
    finally:
        if upload is not None:
            upload.close()
        for container in {id(c): c for c in (request.data, request.POST, request.FILES)}.values():
            mutable = getattr(container, "_mutable", None)
            if mutable is not None:
                container._mutable = True
            for key in SECRETOS:
                container.pop(key, None)
            if mutable is not None:
                container._mutable = mutable
    secreto = bytearray(contrasena.encode())
    del contrasena
    return llave, secreto


@method_decorator(sensitive_post_parameters(*SECRETOS), name="dispatch")
class FirmarServidorView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=TAGS,
        summary="Firmar en el servidor con la llave .key y su contraseña (una sola vez, no se guardan)",
        request={"multipart/form-data": FirmarServidorSerializer},
        responses=SolicitudSerializer,
    )
    @method_decorator(sensitive_variables("llave", "contrasena"))
    def post(self, request, uuid):
        llave, contrasena = secretos_extraer(request)
        try:
            permissions.require_firmar(request.user)
            certificado_id = _certificado_id(request)
            solicitud = selectors.solicitud_get_for_user(user=request.user, uuid=uuid)
            certificado = _certificado_propio(request.user, certificado_id)
            firma_sign(
                actor=request.user,
                solicitud=solicitud,
                certificado=certificado,
                llave=llave,
                contrasena=contrasena,
                ip=client_ip(request),
            )
        finally:
            llave[:] = bytes(len(llave))
            contrasena[:] = bytes(len(contrasena))
        return Response(_solicitud_out(solicitud))


def _certificado_id(request) -> int:
    try:
        return int(request.data.get("certificado", ""))
    except ValueError:
        raise ApplicationError(
            "Indique el certificado.", errors={"certificado": ["id de un certificado registrado"]}
        ) from None


@method_decorator(sensitive_post_parameters(*SECRETOS), name="dispatch")
class FirmarLoteView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=TAGS,
        summary="Firmar varias solicitudes en el servidor con una sola llave .key; resultado por documento",
        request={"multipart/form-data": FirmarLoteSerializer},
        responses=ResultadoLoteSerializer(many=True),
    )
    @method_decorator(sensitive_variables("llave", "contrasena"))
    def post(self, request):
        llave, contrasena = secretos_extraer(request)
        try:
            permissions.require_firmar(request.user)
            uuids = [u.strip() for value in request.data.getlist("solicitudes") for u in value.split(",") if u.strip()]
            lista = serializers.ListField(child=serializers.UUIDField())
            try:
                uuids = lista.run_validation(uuids)
            except serializers.ValidationError:
                raise ApplicationError(
                    "Lista de solicitudes no válida.", errors={"solicitudes": ["cada elemento debe ser un uuid"]}
                ) from None
            certificado = _certificado_propio(request.user, _certificado_id(request))
            resultados = firma_sign_batch(
                actor=request.user,
                uuids=uuids,
                certificado=certificado,
                llave=llave,
                contrasena=contrasena,
                ip=client_ip(request),
            )
        finally:
            llave[:] = bytes(len(llave))
            contrasena[:] = bytes(len(contrasena))
        return Response(ResultadoLoteSerializer(resultados, many=True).data)


class ValidarView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=TAGS,
        summary="Validar las firmas de un PDF",
        request={"multipart/form-data": ValidarSerializer},
        responses=ReporteSerializer,
    )
    def post(self, request):
        permissions.require_validar(request.user)
        pdf = upload_bytes(request.FILES.get("archivo"), campo="archivo", limite=MAX_PDF, nombre="PDF")
        reporte = firma_validate(pdf=pdf, actor=request.user, ip=client_ip(request))
        return Response(ReporteSerializer(reporte).data)


class VerificarView(APIView):
    """Public: anyone checks any signed PDF (rate-limited per address, never stored); the page /verifica/ twin."""

    permission_classes = [AllowAny]
    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=TAGS,
        summary="Verificar cualquier PDF firmado (público, sin sesión; el archivo no se guarda)",
        request={"multipart/form-data": ValidarSerializer},
        responses=VerificacionSerializer,
    )
    def post(self, request):
        if limite_excedido(client_ip(request)):
            raise Throttled(wait=60, detail=LIMITE_MENSAJE)
        pdf = upload_bytes(request.FILES.get("archivo"), campo="archivo", limite=MAX_PDF, nombre="PDF")
        actor = request.user if request.user.is_authenticated else None
        verificacion = pdf_verify(pdf=pdf, actor=actor, ip=client_ip(request))
        return Response(VerificacionSerializer(verificacion).data)


class _SolicitudTerminarView(APIView):
    """Cancel and decline take the same shape: a reason, one guard, one service that ends the request."""

    parser_classes = [JSONParser]
    guard = staticmethod(permissions.require_usar_firma)
    terminar = staticmethod(solicitud_cancel)

    def post(self, request, uuid):
        self.guard(request.user)
        serializer = TerminoSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        solicitud = selectors.solicitud_get_for_user(user=request.user, uuid=uuid)
        self.terminar(
            actor=request.user, solicitud=solicitud, motivo=serializer.validated_data["motivo"], ip=client_ip(request)
        )
        return Response(_solicitud_out(solicitud))


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        summary="Cancelar la solicitud (quien la envió o la Coordinación), con motivo; libera el documento",
        request=TerminoSerializer,
        responses=SolicitudSerializer,
    )
)
class SolicitudCancelarView(_SolicitudTerminarView):
    pass


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        summary="Rechazar firmar (un firmante que no ha firmado), con motivo; termina la solicitud",
        request=TerminoSerializer,
        responses=SolicitudSerializer,
    )
)
class SolicitudRechazarView(_SolicitudTerminarView):
    guard = staticmethod(permissions.require_firmar)
    terminar = staticmethod(solicitud_decline)


class SolicitudReasignarView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        tags=TAGS,
        summary="Reasignar el lugar de un firmante pendiente a otra persona, con motivo",
        request=ReasignarSerializer,
        responses=SolicitudSerializer,
    )
    def post(self, request, uuid):
        permissions.require_usar_firma(request.user)
        serializer = ReasignarSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        solicitud = selectors.solicitud_get_for_user(user=request.user, uuid=uuid)
        firmante_reassign(
            actor=request.user,
            solicitud=solicitud,
            orden=data["orden"],
            usuario=data["usuario"],
            cargo=data["cargo"],
            motivo=data["motivo"],
            ip=client_ip(request),
        )
        return Response(_solicitud_out(solicitud))
