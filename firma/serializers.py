"""API shapes of firma: what clients send and what they get back (the OpenAPI schema is generated from these)."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from firma.models import Certificado, Suplencia


class CertificadoSerializer(serializers.ModelSerializer):
    tipo = serializers.CharField(read_only=True, help_text="efirma | sello")

    class Meta:
        model = Certificado
        fields = [
            "id",
            "tipo",
            "titular",
            "rfc",
            "rfc_representante",
            "curp",
            "curp_representante",
            "email",
            "numero_certificado",
            "serie_hex",
            "emisor",
            "vigente_desde",
            "vigente_hasta",
            "activo",
            "registrado",
        ]
        read_only_fields = fields


class CertificadoUploadSerializer(serializers.Serializer):
    cer = serializers.FileField(help_text="Certificado .cer (DER X.509) de la e.firma.")


class FirmanteInSerializer(serializers.Serializer):
    usuario = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.filter(is_active=True))
    cargo = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class SolicitudCreateSerializer(serializers.Serializer):
    firmable_tipo = serializers.CharField(
        max_length=60,
        required=False,
        default="earchivo.version",
        help_text="Tipo de documento firmable registrado, p. ej. earchivo.version (una versión PDF de e-archivo).",
    )
    firmable_id = serializers.IntegerField(
        help_text="id del documento firmable; para earchivo.version, el `id` de la versión en la lista de documentos."
    )
    folio = serializers.CharField(max_length=100)
    unidad_emisora = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    nivel = serializers.CharField(
        max_length=5, required=False, allow_blank=True, default="", help_text="B-B | B-T | B-LT | B-LTA"
    )
    firmantes = FirmanteInSerializer(many=True, help_text="En el orden en que firmarán.")


class FirmaOutSerializer(serializers.Serializer):
    nivel = serializers.CharField()
    nivel_solicitado = serializers.CharField()
    estado = serializers.CharField()
    modo = serializers.CharField()
    firmado_en = serializers.DateTimeField()
    tsa_fecha = serializers.DateTimeField(allow_null=True)
    rfc = serializers.CharField(source="certificado.rfc")
    titular = serializers.CharField(source="certificado.titular")
    numero_certificado = serializers.CharField(source="certificado.numero_certificado")
    hash_firmado = serializers.CharField()
    cadena_original = serializers.CharField()
    sello_ultimos8 = serializers.SerializerMethodField()

    def get_sello_ultimos8(self, obj) -> str:
        return obj.sello[-8:]


class FirmanteOutSerializer(serializers.Serializer):
    orden = serializers.IntegerField()
    usuario = serializers.CharField(source="usuario.username")
    nombre = serializers.SerializerMethodField()
    cargo = serializers.CharField()
    estado = serializers.CharField()
    reasignado_de = serializers.CharField(source="reasignado_de.username", allow_null=True, default=None)
    motivo_reasignacion = serializers.CharField()
    firma = serializers.SerializerMethodField()

    def get_nombre(self, obj) -> str:
        return obj.usuario.get_full_name() or obj.usuario.get_username()

    def get_firma(self, obj) -> dict | None:
        firma = getattr(obj, "firma", None)
        return FirmaOutSerializer(firma).data if firma is not None else None


class SolicitudSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    folio = serializers.CharField()
    unidad_emisora = serializers.CharField()
    nivel = serializers.CharField()
    estado = serializers.CharField()
    firmable_tipo = serializers.CharField()
    firmable_id = serializers.IntegerField()
    titulo = serializers.CharField()
    creada = serializers.DateTimeField()
    completada = serializers.DateTimeField(allow_null=True)
    terminada = serializers.DateTimeField(allow_null=True, help_text="Cuándo se canceló o rechazó.")
    terminada_por = serializers.CharField(source="terminada_por.username", allow_null=True, default=None)
    motivo_termino = serializers.CharField()
    sha256_actual = serializers.CharField(source="actual_blob.sha256")
    url_verificacion = serializers.SerializerMethodField()
    entregada = serializers.SerializerMethodField()
    firmantes = FirmanteOutSerializer(many=True, source="firmantes.all")

    def get_url_verificacion(self, obj) -> str:
        from firma.conf import firma_config

        return f"{firma_config().site_url}/verifica/{obj.uuid}"

    def get_entregada(self, obj) -> bool:
        """Whether the owning app has received the current signed PDF (e-archivo: filed as a new version)."""
        return obj.entregado_blob_id is not None and obj.entregado_blob_id == obj.actual_blob_id


class TerminoSerializer(serializers.Serializer):
    motivo = serializers.CharField(max_length=2000, help_text="Por qué se cancela o se rechaza firmar.")


class ReasignarSerializer(serializers.Serializer):
    orden = serializers.IntegerField(
        min_value=1, help_text="Lugar en el orden del firmante pendiente que se reemplaza."
    )
    usuario = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.filter(is_active=True))
    cargo = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    motivo = serializers.CharField(max_length=2000)


class PrepararSerializer(serializers.Serializer):
    certificado = serializers.IntegerField(help_text="id de un certificado registrado a su nombre.")


class PreparacionSerializer(serializers.Serializer):
    atributos = serializers.CharField(help_text="DER de los atributos firmados, en base64: fírmelos.")
    algoritmo = serializers.CharField()
    expira = serializers.DateTimeField()
    cadena = serializers.CharField(help_text="Cadena original: fírmela también (UTF-8); esa firma es el sello.")


class CompletarSerializer(serializers.Serializer):
    firma = serializers.CharField(help_text="Firma RSASSA-PKCS1-v1_5/SHA-256 de los atributos, en base64.")
    sello = serializers.CharField(help_text="Firma RSASSA-PKCS1-v1_5/SHA-256 de la cadena original, en base64.")


class FirmarServidorSerializer(serializers.Serializer):
    certificado = serializers.IntegerField()
    llave = serializers.FileField(help_text="Llave privada .key (PKCS#8 cifrada); se usa una vez y no se guarda.")
    contrasena = serializers.CharField(write_only=True, style={"input_type": "password"})


class FirmarLoteSerializer(FirmarServidorSerializer):
    solicitudes = serializers.ListField(
        child=serializers.UUIDField(), help_text="uuid de cada solicitud a firmar (repita el campo), hasta 100."
    )


class ResultadoLoteSerializer(serializers.Serializer):
    solicitud = serializers.CharField()
    firmada = serializers.BooleanField()
    firma_id = serializers.IntegerField(allow_null=True)
    error = serializers.CharField(help_text="Por qué no se firmó este documento (vacío si se firmó).")
    codigo = serializers.CharField()


class ValidarSerializer(serializers.Serializer):
    archivo = serializers.FileField(help_text="PDF firmado que se validará.")


class ReporteFirmaSerializer(serializers.Serializer):
    campo = serializers.CharField()
    orden = serializers.IntegerField()
    firmante = serializers.CharField()
    rfc = serializers.CharField()
    curp = serializers.CharField()
    numero_certificado = serializers.CharField()
    serie_hex = serializers.CharField()
    huella = serializers.CharField(help_text="SHA-256 del certificado (DER)")
    emisor = serializers.CharField()
    vigente_desde = serializers.DateTimeField(allow_null=True)
    vigente_hasta = serializers.DateTimeField(allow_null=True)
    vigencia = serializers.CharField(help_text="al firmar: vigente | vencido | no_vigente_aun (vacío: no determinada)")
    certificacion = serializers.BooleanField()
    intacta = serializers.BooleanField()
    confiable = serializers.BooleanField()
    revocacion = serializers.CharField()
    revocacion_fuente = serializers.CharField()
    revocacion_fecha = serializers.DateTimeField(allow_null=True)
    sello_tiempo = serializers.DateTimeField(allow_null=True)
    sello_tiempo_confiable = serializers.BooleanField(allow_null=True)
    fecha_declarada = serializers.DateTimeField(allow_null=True)
    modificacion = serializers.CharField()
    cobertura = serializers.CharField()
    nivel = serializers.CharField()
    hash_firmado = serializers.CharField()
    sello_ultimos8 = serializers.CharField()
    mensajes = serializers.ListField(child=serializers.CharField())
    valida = serializers.BooleanField()


class SelloDocumentoSerializer(serializers.Serializer):
    campo = serializers.CharField()
    fecha = serializers.DateTimeField(allow_null=True)
    intacto = serializers.BooleanField()
    confiable = serializers.BooleanField()


class ReporteSerializer(serializers.Serializer):
    sha256 = serializers.CharField()
    valido = serializers.BooleanField()
    error = serializers.CharField()
    firmas = ReporteFirmaSerializer(many=True)
    sellos_documento = SelloDocumentoSerializer(many=True)


class SuplenciaSerializer(serializers.ModelSerializer):
    titular = serializers.CharField(source="titular.get_username", read_only=True)
    suplente = serializers.CharField(source="suplente.get_username", read_only=True)
    leyenda = serializers.CharField(read_only=True, help_text="Lo que dice cada firma hecha en esta suplencia.")

    class Meta:
        model = Suplencia
        fields = ["id", "titular", "suplente", "desde", "hasta", "fundamento", "leyenda", "creada"]


class SuplenciaCreateSerializer(serializers.Serializer):
    titular = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), required=False, help_text="Usted mismo (por omisión)."
    )
    suplente = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.filter(is_active=True))
    desde = serializers.DateField()
    hasta = serializers.DateField()
    fundamento = serializers.CharField(max_length=2000, help_text="Artículo, reglamento u oficio que la sustenta.")


class SelloSaiSerializer(serializers.Serializer):
    cadena_original = serializers.CharField()
    sello = serializers.CharField()
    verificado = serializers.BooleanField(help_text="el sello corresponde al certificado del firmante")


class FirmaRevisadaSerializer(serializers.Serializer):
    firma = ReporteFirmaSerializer(source="reporte")
    sai = SelloSaiSerializer(allow_null=True, help_text="cadena original y sello, si la firma se hizo en SAI")


class VerificacionSerializer(serializers.Serializer):
    sha256 = serializers.CharField(source="reporte.sha256")
    valido = serializers.BooleanField()
    error = serializers.CharField(source="reporte.error")
    firmas = FirmaRevisadaSerializer(many=True)
    sellos_documento = SelloDocumentoSerializer(many=True, source="reporte.sellos_documento")
