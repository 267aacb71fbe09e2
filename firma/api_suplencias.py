"""REST API of suplencias (/api/v1/firma/suplencias/): a titular designates who signs in their absence."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from firma import permissions, selectors
from firma.api import TAGS, CreateView
from firma.serializers import SuplenciaCreateSerializer, SuplenciaSerializer
from firma.services import suplencia_designate
from sai.core.web import client_ip


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        summary="Designar a quien firma en mi ausencia (suplencia), con periodo y fundamento",
        request=SuplenciaCreateSerializer,
        responses={201: SuplenciaSerializer},
    )
)
class SuplenciaListView(CreateView):
    parser_classes = [JSONParser]
    entrada = SuplenciaCreateSerializer

    @extend_schema(
        tags=TAGS, summary="Mis suplencias (como titular o como suplente)", responses=SuplenciaSerializer(many=True)
    )
    def get(self, request):
        permissions.require_firmar(request.user)
        return Response(SuplenciaSerializer(selectors.suplencia_list_for_user(user=request.user), many=True).data)

    def create(self, request, data: dict) -> dict:
        suplencia = suplencia_designate(
            actor=request.user,
            titular=data.get("titular", request.user),
            suplente=data["suplente"],
            desde=data["desde"],
            hasta=data["hasta"],
            fundamento=data["fundamento"],
            ip=client_ip(request),
        )
        return SuplenciaSerializer(suplencia).data
