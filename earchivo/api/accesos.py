"""API for explicit access to reservada/confidencial expedientes (same services as the page)."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from earchivo.api import requires
from earchivo.permissions import VER_EXPEDIENTES
from earchivo.selectors.acceso import expediente_get_for_user
from earchivo.services import accesos
from earchivo.views.lecturas import audited_access
from sai.core.web import client_ip
from sai.org.selectors import usuario_por_username


class AutorizadoSerializer(serializers.Serializer):
    username = serializers.CharField()
    nombre = serializers.CharField(source="get_full_name")


class AccesoCambioSerializer(serializers.Serializer):
    usuario = serializers.CharField(help_text="Nombre de usuario de la persona.")
    motivo = serializers.CharField(help_text="Oficio, acuerdo o razón que justifica el cambio.")


class AccesosClasificados(APIView):
    """Who holds an explicit grant on the expediente; POST grants, DELETE revokes (owners only)."""

    permission_classes = requires(VER_EXPEDIENTES)

    @audited_access("accesos")
    @extend_schema(responses=AutorizadoSerializer(many=True))
    def get(self, request, pk: int):
        expediente = expediente_get_for_user(user=request.user, id=pk)
        return Response(AutorizadoSerializer(accesos.accesos_clasificados(expediente=expediente), many=True).data)

    def _change(self, request, pk: int, service):
        expediente = expediente_get_for_user(user=request.user, id=pk)
        data = AccesoCambioSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        usuario = usuario_por_username(data.validated_data["usuario"])
        service(
            actor=request.user,
            expediente=expediente,
            usuario=usuario,
            motivo=data.validated_data["motivo"],
            ip=client_ip(request),
        )
        return Response(AutorizadoSerializer(accesos.accesos_clasificados(expediente=expediente), many=True).data)

    @audited_access("accesos")
    @extend_schema(request=AccesoCambioSerializer, responses=AutorizadoSerializer(many=True))
    def post(self, request, pk: int):
        response = self._change(request, pk, accesos.acceso_clasificado_otorgar)
        response.status_code = status.HTTP_201_CREATED
        return response

    @audited_access("accesos")
    @extend_schema(request=AccesoCambioSerializer, responses=AutorizadoSerializer(many=True))
    def delete(self, request, pk: int):
        return self._change(request, pk, accesos.acceso_clasificado_revocar)


urlpatterns = [path("expedientes/<int:pk>/accesos/", AccesosClasificados.as_view(), name="expediente-accesos")]
