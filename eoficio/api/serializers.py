"""Serializers of the oficio API. People travel as usernames and unidades as siglas; the views resolve them
through the selectors (never a queryset here)."""

from rest_framework import serializers

from eoficio.models import AcuseRecibo, Destinatario, FirmanteOficio, Oficio, Revision, TipoOficio
from eoficio.selectors.bandejas import BANDEJAS


class DestinatarioSerializer(serializers.ModelSerializer):
    usuario = serializers.CharField(source="usuario.username", default=None, read_only=True)
    unidad = serializers.CharField(source="unidad.siglas", default=None, read_only=True)

    class Meta:
        model = Destinatario
        fields = ["orden", "copia", "usuario", "unidad", "nombre", "cargo", "institucion", "email"]


class FirmanteSerializer(serializers.ModelSerializer):
    usuario = serializers.CharField(source="usuario.username", read_only=True)

    class Meta:
        model = FirmanteOficio
        fields = ["orden", "usuario", "cargo", "suplencia"]


class RevisionSerializer(serializers.ModelSerializer):
    revisor = serializers.CharField(source="revisor.username", read_only=True)

    class Meta:
        model = Revision
        fields = ["orden", "revisor", "ronda", "estado", "comentario", "fecha"]


class AcuseSerializer(serializers.ModelSerializer):
    unidad = serializers.CharField(source="unidad.siglas", read_only=True)
    recibido_por = serializers.CharField(source="recibido_por.username", read_only=True)
    firmado = serializers.SerializerMethodField()

    class Meta:
        model = AcuseRecibo
        fields = ["id", "unidad", "recibido_por", "fecha", "sha256", "firmado"]

    def get_firmado(self, obj) -> bool:
        return obj.pdf_firmado_id is not None


class OficioListSerializer(serializers.ModelSerializer):
    unidad = serializers.CharField(source="unidad.siglas", read_only=True)
    expediente = serializers.CharField(source="expediente.clave", read_only=True)

    class Meta:
        model = Oficio
        fields = ["id", "tipo", "estado", "numero", "asunto", "unidad", "expediente", "fecha", "actualizado"]


class OficioSerializer(OficioListSerializer):
    elaborado_por = serializers.CharField(source="elaborado_por.username", read_only=True)
    en_nombre_de = serializers.CharField(source="en_nombre_de.username", default=None, read_only=True)
    destinatarios = DestinatarioSerializer(many=True, read_only=True)
    firmantes = FirmanteSerializer(many=True, read_only=True)
    revisiones = RevisionSerializer(many=True, read_only=True)
    acuses = AcuseSerializer(many=True, read_only=True)

    class Meta(OficioListSerializer.Meta):
        fields = [
            *OficioListSerializer.Meta.fields,
            "referencia",
            "cuerpo",
            "respuesta_a",
            "revision_en_orden",
            "elaborado_por",
            "en_nombre_de",
            "destinatarios",
            "firmantes",
            "revisiones",
            "acuses",
            "pdf",
            "pdf_firmado",
            "creado",
        ]


class BandejaFiltroSerializer(serializers.Serializer):
    bandeja = serializers.ChoiceField(choices=list(BANDEJAS), default="entrada")
    q = serializers.CharField(required=False, default="", allow_blank=True)
    tipo = serializers.ChoiceField(choices=TipoOficio.choices, required=False, default="", allow_blank=True)
    estado = serializers.CharField(required=False, default="", allow_blank=True)


class OficioCreateSerializer(serializers.Serializer):
    tipo = serializers.ChoiceField(choices=TipoOficio.choices, default=TipoOficio.OFICIO)
    expediente = serializers.IntegerField(required=False, help_text="Id de un expediente abierto de la unidad.")
    serie = serializers.IntegerField(required=False, help_text="O bien: id de la serie donde abrir uno nuevo…")
    titulo_expediente = serializers.CharField(required=False, default="", help_text="…con este título.")
    asunto = serializers.CharField(required=False, default="", allow_blank=True, max_length=500)
    en_nombre_de = serializers.CharField(required=False, help_text="Usuario del titular.")
    respuesta_a = serializers.IntegerField(required=False, help_text="Id del oficio que se responde.")


class OficioUpdateSerializer(serializers.Serializer):
    tipo = serializers.ChoiceField(choices=TipoOficio.choices, required=False)
    asunto = serializers.CharField(required=False, allow_blank=True, max_length=500)
    referencia = serializers.CharField(required=False, allow_blank=True)
    cuerpo = serializers.CharField(required=False, allow_blank=True)
    revision_en_orden = serializers.BooleanField(required=False)


class DestinatarioInSerializer(serializers.Serializer):
    usuario = serializers.CharField(required=False)
    unidad = serializers.CharField(required=False, help_text="Siglas de la unidad.")
    nombre = serializers.CharField(required=False, default="", allow_blank=True)
    cargo = serializers.CharField(required=False, default="", allow_blank=True)
    institucion = serializers.CharField(required=False, default="", allow_blank=True)
    email = serializers.CharField(required=False, default="", allow_blank=True)
    copia = serializers.BooleanField(required=False, default=False)


class DestinatariosSerializer(serializers.Serializer):
    destinatarios = DestinatarioInSerializer(many=True)


class FirmanteOficioInSerializer(serializers.Serializer):
    usuario = serializers.CharField()
    cargo = serializers.CharField(required=False, default="", allow_blank=True)
    suplencia = serializers.IntegerField(required=False, help_text="Id de la suplencia (firma) si firma un suplente.")


class FirmantesSerializer(serializers.Serializer):
    firmantes = FirmanteOficioInSerializer(many=True)


class RevisoresSerializer(serializers.Serializer):
    revisores = serializers.ListField(child=serializers.CharField())
    en_orden = serializers.BooleanField(default=True)


class ComentarioSerializer(serializers.Serializer):
    comentario = serializers.CharField(required=False, default="", allow_blank=True)
    nivel = serializers.CharField(required=False, default=None, allow_null=True)


class AnexoSerializer(serializers.Serializer):
    archivo = serializers.FileField()
    descripcion = serializers.CharField(required=False, default="", allow_blank=True)


class LineaDiffSerializer(serializers.Serializer):
    tipo = serializers.CharField()
    texto = serializers.CharField()
