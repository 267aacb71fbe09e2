"""Lookups an API client needs to open expedientes and add documents: unidades and tipos documentales by id.

Each is a paginated list with `q` to search; the tipos are those people may choose (active, not SAI's own).
"""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from earchivo.api import requires
from earchivo.permissions import VER_DOCUMENTOS, VER_EXPEDIENTES
from earchivo.selectors.expedientes import tipos_documentales
from sai.org.selectors import unidades_buscar


class BusquedaSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text="Texto a buscar")


class UnidadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    siglas = serializers.CharField()
    nombre = serializers.CharField()


class MetadatoSerializer(serializers.Serializer):
    nombre = serializers.CharField()
    tipo = serializers.ChoiceField(choices=["texto", "numero", "fecha", "booleano"])
    obligatorio = serializers.BooleanField(default=False)


class TipoDocumentalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nombre = serializers.CharField()
    es_documento_de_archivo = serializers.BooleanField()
    esquema_metadatos = MetadatoSerializer(many=True, help_text="Los metadatos que pide un documento de este tipo")


class _Busqueda(generics.ListAPIView):
    def query(self) -> str:
        busqueda = BusquedaSerializer(data=self.request.query_params)
        busqueda.is_valid(raise_exception=True)
        return busqueda.validated_data.get("q", "")

    @extend_schema(parameters=[BusquedaSerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class UnidadList(_Busqueda):
    """Active unidades (the `unidad` of a new expediente); `q` searches siglas and name."""

    serializer_class = UnidadSerializer
    permission_classes = requires(VER_EXPEDIENTES)

    def get_queryset(self):
        return unidades_buscar(q=self.query())


class TipoDocumentalList(_Busqueda):
    """Tipos documentales a document may have (the `tipo_documental` of a new document); `q` searches the name."""

    serializer_class = TipoDocumentalSerializer
    permission_classes = requires(VER_DOCUMENTOS)

    def get_queryset(self):
        return tipos_documentales(q=self.query())


urlpatterns = [
    path("unidades/", UnidadList.as_view(), name="unidad-list"),
    path("tipos-documentales/", TipoDocumentalList.as_view(), name="tipo-documental-list"),
]
