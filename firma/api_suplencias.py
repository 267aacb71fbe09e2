"""REST API of suplencias (/api/v1/firma/suplencias/): a titular designates who signs in their absence."""

from drf_spectacular.utils import extend_schema
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from firma import permissions, selectors
from firma.api import TAGS
from firma.serializers import SuplenciaCreateSerializer, SuplenciaSerializer
from firma.services import suplencia_designate
from sai.core.web import client_ip


class SuplenciaListView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        tags=TAGS, summary="Mis suplencias (como titular o como suplente)", responses=SuplenciaSerializer(many=True)
    )
    def get(self, request):
        permissions.require_firmar(request.user)
        return Response(SuplenciaSerializer(selectors.suplencia_list_for_user(user=request.user), many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="Designar a quien firma en mi ausencia (suplencia), con periodo y fundamento",
        request=SuplenciaCreateSerializer,
        responses={201: SuplenciaSerializer},
    )
    def post(self, request):
        permissions.require_firmar(request.user)
        serializer = SuplenciaCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        suplencia = suplencia_designate(
            actor=request.user,
            titular=data.get("titular", request.user),
            suplente=data["suplente"],
            desde=data["desde"],
            hasta=data["hasta"],
            fundamento=data["fundamento"],
            ip=client_ip(request),
        )
        return Response(SuplenciaSerializer(suplencia).data, status=201)
