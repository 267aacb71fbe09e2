"""Serializers for the life-cycle API (earchivo/api/ciclo.py): calendario, retenciones, transferencias, bajas,
préstamos. Kept apart so the API module stays a list of thin views."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from earchivo.models import DocumentoProcesoBaja, Prestamo, ProcesoBaja, RetencionLegal, Transferencia
from sai.core.orden import natural
from sai.org.selectors import unidades


def enum_field(choices, key: str, **kwargs) -> serializers.ChoiceField:
    """A choice field whose OpenAPI enum is named after its own component (`key` keeps it apart).

    Several models here share the field names `tipo` and `estado`, and detail serializers repeat their list
    serializer's fields; a distinct enum id per use gives each a clear name instead of a hashed one.
    """
    schema = {"type": "string", "enum": [value for value, _ in choices], "x-spec-enum-id": f"ciclo-{key}"}

    @extend_schema_field(schema)
    class EnumField(serializers.ChoiceField):
        pass

    return EnumField(choices=choices, **kwargs)


class CicloExpedienteRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    clave = serializers.CharField()
    titulo = serializers.CharField()
    unidad = serializers.CharField(source="unidad.siglas")
    etapa = serializers.CharField()
    estado = serializers.CharField()


class CaducidadSerializer(serializers.Serializer):
    expediente = CicloExpedienteRefSerializer()
    accion = enum_field([(k, k) for k in ("primaria", "secundaria", "baja")], "caducidad-accion")
    fecha_limite = serializers.DateField()
    vencido = serializers.BooleanField()
    retenido = serializers.BooleanField()
    en_proceso = serializers.BooleanField()


class RetencionLegalSerializer(serializers.ModelSerializer):
    colocada_por = serializers.CharField(source="colocada_por.get_username")
    levantada_por = serializers.CharField(source="levantada_por.get_username", allow_null=True, default=None)
    activa = serializers.BooleanField()

    class Meta:
        model = RetencionLegal
        fields = ["id", "expediente", "motivo", "colocada_por", "colocada", "levantada_por", "levantada"]
        fields += ["motivo_levantamiento", "activa"]


class RetencionCrearSerializer(serializers.Serializer):
    motivo = serializers.CharField()


class RetencionLevantarSerializer(serializers.Serializer):
    motivo = serializers.CharField()


class TransferenciaRenglonSerializer(serializers.Serializer):
    caja = serializers.IntegerField()
    numero_en_caja = serializers.IntegerField()
    expediente_id = serializers.IntegerField(source="expediente.pk")
    clave = serializers.CharField(source="expediente.clave")
    titulo = serializers.CharField()
    rechazado = serializers.BooleanField()
    motivo_rechazo = serializers.CharField()


class TransferenciaSerializer(serializers.ModelSerializer):
    tipo = enum_field(Transferencia.Tipo.choices, "transferencia-tipo", read_only=True)
    estado = enum_field(Transferencia.Estado.choices, "transferencia-estado", read_only=True)
    unidad = serializers.CharField(source="unidad.siglas")
    preparada_por = serializers.CharField(source="preparada_por.get_username")
    revisada_por = serializers.CharField(source="revisada_por.get_username", allow_null=True, default=None)
    recibida_por = serializers.CharField(source="recibida_por.get_username", allow_null=True, default=None)

    class Meta:
        model = Transferencia
        fields = ["id", "tipo", "unidad", "anio", "numero", "estado", "peso_kg", "observaciones"]
        fields += ["referencia_dictamen", "preparada_por", "preparada", "revisada_por", "revisada"]
        fields += ["recibida_por", "recibida", "motivo_rechazo"]


class TransferenciaDetalleSerializer(TransferenciaSerializer):
    tipo = enum_field(Transferencia.Tipo.choices, "transferencia-detalle-tipo", read_only=True)
    estado = enum_field(Transferencia.Estado.choices, "transferencia-detalle-estado", read_only=True)
    renglones = TransferenciaRenglonSerializer(many=True)

    class Meta(TransferenciaSerializer.Meta):
        fields = [*TransferenciaSerializer.Meta.fields, "renglones"]


class TransferenciaPrepararSerializer(serializers.Serializer):
    tipo = enum_field(Transferencia.Tipo.choices, "transferencia-preparar-tipo")
    unidad = serializers.PrimaryKeyRelatedField(queryset=unidades())
    expedientes = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    cajas = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, help_text="Caja de cada expediente, en orden."
    )
    expedientes_por_caja = serializers.IntegerField(min_value=1, required=False)
    peso_kg = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0, required=False)
    observaciones = serializers.CharField(required=False, allow_blank=True, default="")
    referencia_dictamen = serializers.CharField(required=False, allow_blank=True, default="")


class TransferenciaRevisarSerializer(serializers.Serializer):
    aprobar = serializers.BooleanField()
    motivo = serializers.CharField(required=False, allow_blank=True, default="")


class UbicacionCajaSerializer(serializers.Serializer):
    caja = serializers.IntegerField(min_value=1)
    ubicacion = serializers.CharField(max_length=255)


class UbicacionExpedienteSerializer(serializers.Serializer):
    expediente = serializers.IntegerField(min_value=1)
    ubicacion = serializers.CharField(max_length=255)


class TransferenciaRecibirSerializer(serializers.Serializer):
    """Ubicación topográfica captured at reception: per box, and per expediente where it differs from its box."""

    ubicaciones = UbicacionCajaSerializer(many=True, required=False, default=list)
    ubicaciones_expediente = UbicacionExpedienteSerializer(many=True, required=False, default=list)

    def validated(self) -> dict:
        data = self.validated_data
        return {
            "ubicaciones": {u["caja"]: u["ubicacion"] for u in data["ubicaciones"]},
            "ubicaciones_expediente": {u["expediente"]: u["ubicacion"] for u in data["ubicaciones_expediente"]},
        }


class TransferenciaRechazarSerializer(serializers.Serializer):
    caja = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    motivo = serializers.CharField()


class TestigoSerializer(serializers.Serializer):
    nombre = serializers.CharField()
    identificacion = serializers.CharField()


@extend_schema_field(TestigoSerializer(many=True))
class TestigosField(serializers.JSONField):
    """A list of {nombre, identificacion}: a JSON array, or a JSON string in multipart forms."""


class BajaDocumentoSerializer(serializers.ModelSerializer):
    tipo = enum_field(DocumentoProcesoBaja.Tipo.choices, "baja-documento-tipo", read_only=True)
    sha256 = serializers.CharField(source="blob_id")

    class Meta:
        model = DocumentoProcesoBaja
        fields = ["id", "tipo", "nombre_archivo", "sha256", "cargado"]


class ProcesoBajaSerializer(serializers.ModelSerializer):
    estado = enum_field(ProcesoBaja.Estado.choices, "baja-estado", read_only=True)
    unidad = serializers.CharField(source="unidad.siglas")
    solicitada_por = serializers.CharField(source="solicitada_por.get_username")
    ejecutada_por = serializers.CharField(source="ejecutada_por.get_username", allow_null=True, default=None)
    testigos = TestigosField()

    class Meta:
        model = ProcesoBaja
        fields = ["id", "anio", "numero", "estado", "unidad", "solicitada_por", "solicitada", "justificacion"]
        fields += ["dictamen_numero", "dictamen_fecha", "dictamen_emisor", "acta_numero", "acta_fecha", "acta_lugar"]
        fields += ["testigos", "metodo_destruccion", "ejecutada_por", "ejecutada", "conservar_hasta"]


class ProcesoBajaDetalleSerializer(ProcesoBajaSerializer):
    estado = enum_field(ProcesoBaja.Estado.choices, "baja-detalle-estado", read_only=True)
    expedientes = serializers.SerializerMethodField()
    documentos = BajaDocumentoSerializer(many=True)

    class Meta(ProcesoBajaSerializer.Meta):
        fields = [*ProcesoBajaSerializer.Meta.fields, "expedientes", "documentos"]

    @extend_schema_field(CicloExpedienteRefSerializer(many=True))
    def get_expedientes(self, proceso):
        """A baja is a public record shown to every viewer of bajas: classified titles stay masked."""
        renglones = proceso.renglones.select_related("expediente__unidad").order_by(natural("expediente__clave"))
        data = CicloExpedienteRefSerializer([r.expediente for r in renglones], many=True).data
        for fila, r in zip(data, renglones, strict=True):
            if r.expediente.es_clasificado:
                fila["titulo"] = "(información clasificada)"
        return data


class BajaSolicitarSerializer(serializers.Serializer):
    expedientes = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    justificacion = serializers.CharField()


class BajaDictamenSerializer(serializers.Serializer):
    numero = serializers.CharField(max_length=60)
    fecha = serializers.DateField()
    emisor = serializers.CharField(max_length=255)


@extend_schema_field(OpenApiTypes.BINARY)
class ArchivoField(serializers.FileField):
    """An uploaded file (multipart), documented as binary content."""


class BajaActaSerializer(serializers.Serializer):
    numero = serializers.CharField(max_length=60)
    fecha = serializers.DateField()
    lugar = serializers.CharField(max_length=255)
    testigos = TestigosField()
    metodo_destruccion = serializers.CharField(max_length=255)
    archivo = ArchivoField(required=False, help_text="Acta digitalizada (multipart).")


class PrestamoSerializer(serializers.ModelSerializer):
    estado = enum_field(Prestamo.Estado.choices, "prestamo-estado", read_only=True)
    expediente = CicloExpedienteRefSerializer()
    solicitante = serializers.CharField(source="solicitante.get_username")
    entregado_por = serializers.CharField(source="entregado_por.get_username")
    recibido_por = serializers.CharField(source="recibido_por.get_username", allow_null=True, default=None)

    class Meta:
        model = Prestamo
        fields = ["id", "expediente", "solicitante", "entregado_por", "fecha_prestamo", "fecha_vencimiento"]
        fields += ["fecha_devolucion", "recibido_por", "estado", "observaciones"]


class PrestamoCrearSerializer(serializers.Serializer):
    expediente = serializers.IntegerField()
    solicitante = serializers.CharField(help_text="Nombre de usuario de quien recibe el expediente.")
    fecha_vencimiento = serializers.DateField()
    observaciones = serializers.CharField(required=False, allow_blank=True, default="")
