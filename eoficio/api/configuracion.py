"""/api/v1/oficios/: plantillas and competencias (Administración) and bandeja delegations (each titular)."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from eoficio.api import requires
from eoficio.models import Competencia, DelegacionBandeja, Plantilla
from eoficio.permissions import ADMINISTRAR_COMPETENCIAS, ADMINISTRAR_PLANTILLAS
from eoficio.selectors.configuracion import competencia_get, competencia_list, delegaciones_de
from eoficio.services import competencias, delegaciones, plantillas
from sai.core.api import has_perms
from sai.core.exceptions import ApplicationError, NotFoundError
from sai.core.web import client_ip
from sai.org.selectors import unidades, usuario_por_username


class PlantillaSerializer(serializers.ModelSerializer):
    membrete = serializers.ImageField(required=False, write_only=True)

    class Meta:
        model = Plantilla
        exclude = ["id", "unidad"]
        read_only_fields = ["actualizada"]


class CompetenciaSerializer(serializers.ModelSerializer):
    usuario = serializers.CharField(source="usuario.username")
    unidad = serializers.CharField(source="unidad.siglas")

    class Meta:
        model = Competencia
        fields = ["id", "usuario", "unidad", "tipo", "cargo", "modalidad", "delegante", "fundamento", "desde", "hasta"]


class DelegacionSerializer(serializers.ModelSerializer):
    titular = serializers.CharField(source="titular.username", read_only=True)
    asistente = serializers.CharField(source="asistente.username")

    class Meta:
        model = DelegacionBandeja
        fields = ["id", "titular", "asistente", "activa", "creada", "revocada"]
        read_only_fields = ["activa", "creada", "revocada"]


def _unidad(siglas: str):
    unidad = unidades().filter(siglas=siglas).first()
    if unidad is None:
        raise NotFoundError("La unidad no existe.")
    return unidad


def _usuario(nombre: str, campo: str):
    usuario = usuario_por_username(nombre, activo=True)
    if usuario is None:
        raise ApplicationError("Persona desconocida.", errors={campo: [f"«{nombre}» no es un usuario activo."]})
    return usuario


class PlantillaView(APIView):
    permission_classes = [IsAuthenticated, has_perms(ADMINISTRAR_PLANTILLAS)]

    @extend_schema(request={"multipart/form-data": PlantillaSerializer}, responses=PlantillaSerializer)
    def patch(self, request, siglas: str):
        data = PlantillaSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        plantilla = plantillas.plantilla_update(
            actor=request.user, unidad=_unidad(siglas), ip=client_ip(request), **data.validated_data
        )
        return Response(PlantillaSerializer(plantilla).data)


class CompetenciaListCreate(APIView):
    permission_classes = [IsAuthenticated, has_perms(ADMINISTRAR_COMPETENCIAS)]

    @extend_schema(responses=CompetenciaSerializer(many=True))
    def get(self, request):
        return Response(CompetenciaSerializer(competencia_list(), many=True).data)

    @extend_schema(request=CompetenciaSerializer, responses={201: CompetenciaSerializer})
    def post(self, request):
        data = CompetenciaSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        campos = dict(data.validated_data)
        campos["usuario"] = _usuario(campos["usuario"]["username"], "usuario")
        campos["unidad"] = _unidad(campos["unidad"]["siglas"])
        competencia = competencias.competencia_create(actor=request.user, ip=client_ip(request), **campos)
        return Response(CompetenciaSerializer(competencia).data, status=status.HTTP_201_CREATED)


class CompetenciaTerminar(APIView):
    permission_classes = [IsAuthenticated, has_perms(ADMINISTRAR_COMPETENCIAS)]

    class Entrada(serializers.Serializer):
        hasta = serializers.DateField()

    @extend_schema(request=Entrada, responses=CompetenciaSerializer)
    def post(self, request, pk: int):
        data = self.Entrada(data=request.data)
        data.is_valid(raise_exception=True)
        competencia = competencias.competencia_end(
            actor=request.user, competencia=competencia_get(id=pk), ip=client_ip(request), **data.validated_data
        )
        return Response(CompetenciaSerializer(competencia).data)


class DelegacionListCreate(APIView):
    """The titular lets an assistant work their bandeja (POST), and lists their delegations."""

    permission_classes = requires()

    @extend_schema(responses=DelegacionSerializer(many=True))
    def get(self, request):
        return Response(DelegacionSerializer(delegaciones_de(user=request.user), many=True).data)

    @extend_schema(request=DelegacionSerializer, responses={201: DelegacionSerializer})
    def post(self, request):
        data = DelegacionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        asistente = _usuario(data.validated_data["asistente"]["username"], "asistente")
        delegacion = delegaciones.delegacion_create(actor=request.user, asistente=asistente, ip=client_ip(request))
        return Response(DelegacionSerializer(delegacion).data, status=status.HTTP_201_CREATED)


class DelegacionRevocar(APIView):
    permission_classes = requires()

    @extend_schema(request=None, responses=DelegacionSerializer)
    def post(self, request, pk: int):
        delegacion = delegaciones_de(user=request.user).filter(pk=pk).first()
        if delegacion is None:
            raise NotFoundError("La delegación no existe.")
        delegacion = delegaciones.delegacion_revoke(actor=request.user, delegacion=delegacion, ip=client_ip(request))
        return Response(DelegacionSerializer(delegacion).data)


urlpatterns = [
    path("plantillas/<str:siglas>/", PlantillaView.as_view(), name="plantilla"),
    path("competencias/", CompetenciaListCreate.as_view(), name="competencia_list"),
    path("competencias/<int:pk>/terminar/", CompetenciaTerminar.as_view(), name="competencia_terminar"),
    path("delegaciones/", DelegacionListCreate.as_view(), name="delegacion_list"),
    path("delegaciones/<int:pk>/revocar/", DelegacionRevocar.as_view(), name="delegacion_revocar"),
]
