from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sai.core.navigation import navigation_for


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    nombre = serializers.CharField()
    unidad = serializers.CharField(allow_null=True)
    cargo = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    modulos = serializers.ListField(child=serializers.CharField())


class MeView(APIView):
    """Who the caller is: unidad, cargo, roles and the modules they may open."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = request.user
        perfil = getattr(user, "perfil", None)
        data = {
            "username": user.get_username(),
            "nombre": user.get_full_name(),
            "unidad": perfil.unidad.siglas if perfil and perfil.unidad else None,
            "cargo": perfil.cargo if perfil else "",
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "modulos": [item["url_name"].split(":")[0] for item in navigation_for(user)],
        }
        return Response(MeSerializer(data).data)
