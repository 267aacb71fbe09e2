"""/api/v1/oficios/: bandejas, drafting, review, signing, sending and acuses; each view is one selector or one
service call, behind the oficio door (another unidad's oficio answers 404)."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from earchivo.selectors.acceso import expediente_get_for_user
from earchivo.selectors.expedientes import series_clasificables
from eoficio.api import requires
from eoficio.api import serializers as s
from eoficio.permissions import ELABORAR
from eoficio.selectors.acceso import oficio_get_for_user
from eoficio.selectors.bandejas import bandeja_list
from eoficio.selectors.versiones import version_diff
from eoficio.services import acuses, borradores, envio, firma, revision
from firma.selectors import suplencia_list_for_user
from sai.core.exceptions import ApplicationError, NotFoundError
from sai.core.web import client_ip, stream_response
from sai.org.selectors import unidades, usuario_por_username
from sai.storage.services import blob_open


def _usuario(nombre: str, campo: str):
    usuario = usuario_por_username(nombre or "", activo=True)
    if usuario is None:
        raise ApplicationError("Persona desconocida.", errors={campo: [f"«{nombre}» no es un usuario activo."]})
    return usuario


class OficioListCreate(generics.ListAPIView):
    """GET: one bandeja (entrada, borradores, por_revisar, por_firmar, enviados), searchable; POST: a borrador."""

    serializer_class = s.OficioListSerializer
    permission_classes = requires(post=ELABORAR)

    def get_queryset(self):
        filtro = s.BandejaFiltroSerializer(data=self.request.query_params)
        filtro.is_valid(raise_exception=True)
        return bandeja_list(user=self.request.user, **filtro.validated_data)

    @extend_schema(parameters=[s.BandejaFiltroSerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.OficioCreateSerializer, responses={201: s.OficioSerializer})
    def post(self, request):
        data = s.OficioCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d, user = dict(data.validated_data), request.user
        if "expediente" in d:
            d["expediente"] = expediente_get_for_user(user=user, id=d["expediente"])
        if "serie" in d:
            d["serie"] = series_clasificables().filter(pk=d["serie"]).first()
            if d["serie"] is None:
                raise ApplicationError("Serie desconocida.", errors={"serie": ["No es una serie vigente."]})
        if "en_nombre_de" in d:
            d["en_nombre_de"] = _usuario(d["en_nombre_de"], "en_nombre_de")
        if "respuesta_a" in d:
            d["respuesta_a"] = oficio_get_for_user(user=user, id=d["respuesta_a"])
        oficio = borradores.oficio_create(actor=user, ip=client_ip(request), **d)
        return Response(s.OficioSerializer(oficio).data, status=status.HTTP_201_CREATED)


class OficioDetail(APIView):
    """GET the oficio (opening it stamps the receiving unidad's acuse); PATCH a borrador (the API's autosave)."""

    permission_classes = requires()

    @extend_schema(responses=s.OficioSerializer)
    def get(self, request, pk: int):
        oficio = oficio_get_for_user(user=request.user, id=pk)
        acuses.acuse_stamp(actor=request.user, oficio=oficio, ip=client_ip(request))
        return Response(s.OficioSerializer(oficio_get_for_user(user=request.user, id=pk)).data)

    @extend_schema(request=s.OficioUpdateSerializer, responses=s.OficioSerializer)
    def patch(self, request, pk: int):
        oficio = oficio_get_for_user(user=request.user, id=pk)
        data = s.OficioUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        oficio = borradores.oficio_update(
            actor=request.user, oficio=oficio, ip=client_ip(request), **data.validated_data
        )
        return Response(s.OficioSerializer(oficio).data)


class _Escritura(APIView):
    """PUT replaces a list of the borrador (recipients, signers or reviewers)."""

    permission_classes = requires()
    entrada = None

    def guardar(self, request, oficio, data) -> None:
        raise NotImplementedError

    def put(self, request, pk: int):
        oficio = oficio_get_for_user(user=request.user, id=pk)
        data = self.entrada(data=request.data)
        data.is_valid(raise_exception=True)
        self.guardar(request, oficio, data.validated_data)
        return Response(s.OficioSerializer(oficio_get_for_user(user=request.user, id=pk)).data)


@extend_schema(request=s.DestinatariosSerializer, responses=s.OficioSerializer)
class DestinatariosView(_Escritura):
    entrada = s.DestinatariosSerializer

    def guardar(self, request, oficio, data):
        lista = []
        for d in data["destinatarios"]:
            d = dict(d)
            if d.get("usuario"):
                d["usuario"] = _usuario(d["usuario"], "destinatarios")
            if d.get("unidad"):
                siglas = d["unidad"]
                d["unidad"] = unidades().filter(siglas=siglas).first()
                if d["unidad"] is None:
                    raise ApplicationError("Unidad desconocida.", errors={"destinatarios": [f"No existe {siglas}."]})
            lista.append(d)
        borradores.destinatarios_set(actor=request.user, oficio=oficio, destinatarios=lista, ip=client_ip(request))


@extend_schema(request=s.FirmantesSerializer, responses=s.OficioSerializer)
class FirmantesView(_Escritura):
    entrada = s.FirmantesSerializer

    def guardar(self, request, oficio, data):
        lista = []
        for f in data["firmantes"]:
            usuario = _usuario(f["usuario"], "firmantes")
            suplencia = None
            if f.get("suplencia"):
                suplencia = suplencia_list_for_user(user=usuario).filter(pk=f["suplencia"]).first()
                if suplencia is None:
                    raise ApplicationError("Suplencia desconocida.", errors={"firmantes": ["No es suya."]})
            lista.append({"usuario": usuario, "cargo": f["cargo"], "suplencia": suplencia})
        borradores.firmantes_set(actor=request.user, oficio=oficio, firmantes=lista, ip=client_ip(request))


@extend_schema(request=s.RevisoresSerializer, responses=s.OficioSerializer)
class RevisoresView(_Escritura):
    entrada = s.RevisoresSerializer

    def guardar(self, request, oficio, data):
        revisores = [_usuario(nombre, "revisores") for nombre in data["revisores"]]
        revision.revisores_set(
            actor=request.user, oficio=oficio, revisores=revisores, en_orden=data["en_orden"], ip=client_ip(request)
        )


class AnexoCreate(APIView):
    permission_classes = requires()

    @extend_schema(request={"multipart/form-data": s.AnexoSerializer}, responses={201: s.OficioSerializer})
    def post(self, request, pk: int):
        oficio = oficio_get_for_user(user=request.user, id=pk)
        data = s.AnexoSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        archivo = data.validated_data["archivo"]
        borradores.anexo_add(
            actor=request.user,
            oficio=oficio,
            fileobj=archivo,
            filename=archivo.name,
            descripcion=data.validated_data["descripcion"],
            ip=client_ip(request),
        )
        return Response(s.OficioSerializer(oficio).data, status=status.HTTP_201_CREATED)


ACCIONES = {
    "enviar-revision": lambda r, o, d: revision.oficio_submit(actor=r.user, oficio=o, ip=client_ip(r)),
    "visto-bueno": lambda r, o, d: revision.revision_aprobar(
        actor=r.user, oficio=o, comentario=d["comentario"], ip=client_ip(r)
    ),
    "devolver": lambda r, o, d: revision.revision_devolver(
        actor=r.user, oficio=o, comentario=d["comentario"], ip=client_ip(r)
    ),
    "solicitar-firma": lambda r, o, d: firma.oficio_request_signature(
        actor=r.user, oficio=o, nivel=d["nivel"], ip=client_ip(r)
    ),
    "enviar": lambda r, o, d: envio.oficio_send(actor=r.user, oficio=o, ip=client_ip(r)),
    "archivar": lambda r, o, d: envio.oficio_archive(actor=r.user, oficio=o, ip=client_ip(r)),
}


class OficioAccion(APIView):
    """POST one transition: enviar-revision, visto-bueno, devolver (comentario), solicitar-firma (nivel), enviar,
    archivar. An invalid transition answers 409 naming the current state."""

    permission_classes = requires()

    @extend_schema(operation_id="v1_oficios_accion", request=s.ComentarioSerializer, responses=s.OficioSerializer)
    def post(self, request, pk: int, accion: str):
        oficio = oficio_get_for_user(user=request.user, id=pk)
        if accion not in ACCIONES:
            raise NotFoundError(f"Acción desconocida; use una de: {', '.join(ACCIONES)}.")
        data = s.ComentarioSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ACCIONES[accion](request, oficio, data.validated_data)
        return Response(s.OficioSerializer(oficio_get_for_user(user=request.user, id=pk)).data)


class OficioPdf(APIView):
    """The signed PDF, else the PDF sent to signature (a borrador has none yet: 404)."""

    permission_classes = requires()

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        oficio = oficio_get_for_user(user=request.user, id=pk)
        acuses.acuse_stamp(actor=request.user, oficio=oficio, ip=client_ip(request))
        blob = oficio.pdf_firmado or oficio.pdf
        if blob is None:
            raise NotFoundError("El oficio aún no tiene PDF final; la vista previa está en la página del oficio.")
        nombre = f"{oficio.numero.replace('/', '-')}.pdf"
        stream = blob_open(sha256=blob.pk, verify=True)
        return stream_response(stream, filename=nombre, content_type="application/pdf", size=blob.size)


class OficioDiff(APIView):
    permission_classes = requires()

    @extend_schema(responses=s.LineaDiffSerializer(many=True))
    def get(self, request, pk: int, a: int, b: int):
        oficio = oficio_get_for_user(user=request.user, id=pk)
        return Response(s.LineaDiffSerializer(version_diff(oficio=oficio, a=a, b=b), many=True).data)


class AcuseFirmar(APIView):
    """Someone of the receiving unidad sends its acuse to signature (they sign it in firma)."""

    permission_classes = requires()

    @extend_schema(request=s.ComentarioSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, pk: int, acuse_id: int):
        oficio = oficio_get_for_user(user=request.user, id=pk)
        acuse = oficio.acuses.filter(pk=acuse_id).first()
        if acuse is None:
            raise NotFoundError("El acuse no existe.")
        data = s.ComentarioSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        solicitud = acuses.acuse_request_signature(
            actor=request.user, acuse=acuse, nivel=data.validated_data["nivel"], ip=client_ip(request)
        )
        return Response({"solicitud": str(solicitud.uuid), "folio": solicitud.folio}, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("", OficioListCreate.as_view(), name="oficio_list"),
    path("<int:pk>/", OficioDetail.as_view(), name="oficio_detail"),
    path("<int:pk>/destinatarios/", DestinatariosView.as_view(), name="oficio_destinatarios"),
    path("<int:pk>/firmantes/", FirmantesView.as_view(), name="oficio_firmantes"),
    path("<int:pk>/revisores/", RevisoresView.as_view(), name="oficio_revisores"),
    path("<int:pk>/anexos/", AnexoCreate.as_view(), name="oficio_anexos"),
    path("<int:pk>/pdf/", OficioPdf.as_view(), name="oficio_pdf"),
    path("<int:pk>/versiones/<int:a>/<int:b>/", OficioDiff.as_view(), name="oficio_diff"),
    path("<int:pk>/acuses/<int:acuse_id>/firmar/", AcuseFirmar.as_view(), name="acuse_firmar"),
    path("<int:pk>/<slug:accion>/", OficioAccion.as_view(), name="oficio_accion"),
]
