"""/api/v1/calendario/: the year's non-business days and, for Administración, the institutional ones."""

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sai.calendario import selectors, services
from sai.core.api import has_perms
from sai.core.params import param_int


class DiaNoLaborableSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    fecha = serializers.DateField()
    descripcion = serializers.CharField()
    origen = serializers.ChoiceField(choices=["oficial", "institucional"])


class DiaInhabilSerializer(serializers.Serializer):
    fecha = serializers.DateField()
    descripcion = serializers.CharField(max_length=200)


class PlazoSerializer(serializers.Serializer):
    desde = serializers.DateField()
    dias = serializers.IntegerField(min_value=0, max_value=3650)
    fecha_limite = serializers.DateField(read_only=True)


class DiasInhabiles(APIView):
    """GET: every non-business day of `anio` (anyone signed in); POST declares an institutional one."""

    permission_classes = [IsAuthenticated, has_perms(post=services.GESTIONAR_DIAS_INHABILES)]

    @extend_schema(
        parameters=[OpenApiParameter("anio", int, description="Año (por omisión, el actual).")],
        responses=DiaNoLaborableSerializer(many=True),
    )
    def get(self, request):
        anio = param_int(request.query_params, "anio", default=timezone.localdate().year, minimum=1900, maximum=2200)
        return Response(DiaNoLaborableSerializer(selectors.dias_no_laborables(anio=anio), many=True).data)

    @extend_schema(request=DiaInhabilSerializer, responses={201: DiaNoLaborableSerializer})
    def post(self, request):
        data = DiaInhabilSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        dia = services.dia_inhabil_create(actor=request.user, **data.validated_data)
        body = {"id": dia.id, "fecha": dia.fecha, "descripcion": dia.descripcion, "origen": "institucional"}
        return Response(DiaNoLaborableSerializer(body).data, status=status.HTTP_201_CREATED)


class DiaInhabilDetalle(APIView):
    permission_classes = [IsAuthenticated, has_perms("calendario.delete_diainhabil")]

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        services.dia_inhabil_delete(actor=request.user, dia=selectors.dia_inhabil_get(id=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class Plazo(APIView):
    """The deadline `dias` business days after `desde`."""

    @extend_schema(request=PlazoSerializer, responses=PlazoSerializer)
    def post(self, request):
        data = PlazoSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        desde, dias = data.validated_data["desde"], data.validated_data["dias"]
        return Response({"desde": desde, "dias": dias, "fecha_limite": services.dias_habiles_sumar(desde, dias)})


urlpatterns = [
    path("dias-inhabiles/", DiasInhabiles.as_view(), name="calendario-dias-inhabiles"),
    path("dias-inhabiles/<int:pk>/", DiaInhabilDetalle.as_view(), name="calendario-dia-inhabil"),
    path("plazo/", Plazo.as_view(), name="calendario-plazo"),
]
