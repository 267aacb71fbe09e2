"""/api/v1/gestion/: control de gestión over the same services and access door as the pages."""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from eoficio import selectors_gestion as sel
from eoficio.models import Instruccion, Registro, Turno
from eoficio.permissions import BANDEJA, CONCLUIR_ASUNTO, REGISTRAR_DOCUMENTO, TURNAR_ASUNTO, unidad_de
from eoficio.selectors_tablero import tablero_unidad
from eoficio.services import recepcion, turnos
from eoficio.services.gestion_pdf import volante_pdf
from eoficio.services.semaforo import COLORES, cortes_hoy
from sai.calendario.services import Calendario
from sai.core.api import has_perms
from sai.core.exceptions import ApplicationError, PermissionDeniedError
from sai.core.reports import file_response
from sai.core.web import client_ip
from sai.org.selectors import usuario_por_username
from sai.storage.services import blob_open


def requires(*perms: str, **by_method: str) -> list:
    return [IsAuthenticated, has_perms(BANDEJA, *perms, **by_method)]


class InstruccionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Instruccion
        fields = ["id", "nombre", "requiere_respuesta"]


class TurnoSerializer(serializers.ModelSerializer):
    unidad = serializers.CharField(source="unidad.siglas")
    origen = serializers.CharField(source="origen.siglas")
    destinatario = serializers.CharField(source="destinatario.username", allow_null=True, default=None)
    instruccion = serializers.CharField(source="instruccion.nombre")
    folio = serializers.CharField(source="registro.folio")
    semaforo = serializers.SerializerMethodField()
    dias_en_poder = serializers.SerializerMethodField(help_text="Días hábiles que la unidad lo ha tenido.")

    class Meta:
        model = Turno
        fields = [
            "id", "registro", "folio", "padre", "origen", "unidad", "destinatario", "copia", "instruccion",
            "prioridad", "plazo_dias", "fecha_limite", "estado", "turnado", "acuse", "cerrado", "nota", "semaforo",
            "dias_en_poder",
        ]  # fmt: skip

    def get_dias_en_poder(self, turno) -> int:
        if "calendario" not in self.context:
            self.context["calendario"] = Calendario()
        return sel.dias_en_poder(self.context["calendario"], turno)

    def get_semaforo(self, turno) -> str:
        cortes = self.context.get("cortes")
        return cortes.color(turno) if cortes and turno.abierto and not turno.copia else ""


class RegistroSerializer(serializers.ModelSerializer):
    unidad = serializers.CharField(source="unidad.siglas", read_only=True)
    archivo = serializers.FileField(write_only=True, required=False, help_text="Digitalización (PDF o imagen).")
    documento = serializers.IntegerField(source="documento_id", read_only=True, allow_null=True)

    class Meta:
        model = Registro
        fields = [
            "id", "folio", "unidad", "recibido", "recepcion_efectiva", "medio", "remitente_nombre", "remitente_cargo",
            "remitente_institucion", "remitente_correo", "numero_documento", "fecha_documento", "asunto", "anexos",
            "anexos_cantidad", "observaciones", "estado", "concluido", "motivo_conclusion", "respuesta", "archivo",
            "documento",
        ]  # fmt: skip
        read_only_fields = [
            "folio", "recibido", "recepcion_efectiva", "estado", "concluido", "motivo_conclusion", "respuesta",
        ]  # fmt: skip
        extra_kwargs = {"fecha_documento": {"required": True}, "asunto": {"required": True}}


class AsuntoSerializer(serializers.Serializer):
    registro = RegistroSerializer()
    turnos = TurnoSerializer(many=True)


class DestinoSerializer(serializers.Serializer):
    unidad = serializers.CharField(help_text="Siglas de la unidad.")
    destinatario = serializers.CharField(required=False, allow_blank=True, help_text="Nombre de usuario (opcional).")
    copia = serializers.BooleanField(default=False, help_text="C.c. para conocimiento (sin plazo).")


class TurnarSerializer(serializers.Serializer):
    destinos = DestinoSerializer(many=True)
    instruccion = serializers.PrimaryKeyRelatedField(queryset=sel.instrucciones_activas())
    prioridad = serializers.ChoiceField(choices=Turno.Prioridad.choices, default=Turno.Prioridad.ORDINARIA)
    plazo_dias = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=365)
    observaciones = serializers.CharField(required=False, allow_blank=True, default="")
    padre = serializers.IntegerField(required=False, allow_null=True, help_text="Turno propio que se vuelve a turnar.")


class EstadoSerializer(serializers.Serializer):
    estado = serializers.ChoiceField(choices=[Turno.Estado.EN_ATENCION, Turno.Estado.ATENDIDO])
    nota = serializers.CharField(required=False, allow_blank=True, default="")


class ConcluirSerializer(serializers.Serializer):
    motivo = serializers.CharField()


class BarraSerializer(serializers.Serializer):
    etiqueta = serializers.CharField()
    valor = serializers.IntegerField()


class TableroSerializer(serializers.Serializer):
    unidad = serializers.CharField(source="unidad.siglas")
    por_semaforo = serializers.DictField(child=serializers.IntegerField())
    promedio_respuesta = serializers.FloatField(allow_null=True, help_text="Días hábiles.")
    vencidos = TurnoSerializer(many=True)
    barras_mes = BarraSerializer(many=True)


def _asunto(user, pk: int) -> dict:
    detalle = sel.asunto_detalle(user=user, id=pk)
    planos, pila = [], list(detalle.arbol)
    while pila:
        nodo = pila.pop(0)
        planos.append(nodo.turno)
        pila.extend(nodo.hijos)
    return {"registro": detalle.registro, "turnos": planos}


class Registros(generics.ListAPIView):
    """GET: the registros the caller may see; POST (oficialía de partes): register a received document."""

    permission_classes = requires(post=REGISTRAR_DOCUMENTO)
    serializer_class = RegistroSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        return sel.registro_list_for_user(user=self.request.user).order_by("-recibido", "-id")

    @extend_schema(request={"multipart/form-data": RegistroSerializer, "application/json": RegistroSerializer})
    def post(self, request):
        data = RegistroSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        datos = dict(data.validated_data)
        archivo = datos.pop("archivo", None)
        registro = recepcion.registro_create(
            actor=request.user,
            fileobj=archivo,
            filename=archivo.name if archivo else "",
            ip=client_ip(request),
            **datos,
        )
        return Response(RegistroSerializer(registro).data, status=status.HTTP_201_CREATED)


class AsuntoDetalle(APIView):
    """The registro and its turnos (re-turnos after their parent), each with its semáforo and days held.
    Opening it stamps the acuse of the caller's own turnos, as the page does."""

    permission_classes = requires()

    @extend_schema(responses=AsuntoSerializer)
    def get(self, request, pk: int):
        detalle = _asunto(request.user, pk)
        for turno in detalle["turnos"]:
            if turno.abierto:
                turnos.turno_acusar(actor=request.user, turno=turno, ip=client_ip(request))
        detalle = _asunto(request.user, pk)
        return Response(AsuntoSerializer(detalle, context={"cortes": cortes_hoy()}).data)


def _destinos(datos: list[dict]) -> list[turnos.Destino]:
    siglas = {d["unidad"] for d in datos}
    unidades = {u.siglas: u for u in sel.unidades_activas().filter(siglas__in=siglas)}
    faltan = sorted(siglas - set(unidades))
    if faltan:
        raise ApplicationError(
            "Revise los destinos.", errors={"destinos": [f"No existe la unidad {s}." for s in faltan]}
        )
    destinos = []
    for d in datos:
        persona = None
        if d.get("destinatario"):
            persona = usuario_por_username(d["destinatario"], activo=True)
            if persona is None:
                raise ApplicationError(
                    "Revise los destinos.", errors={"destinos": [f"No existe la persona {d['destinatario']}."]}
                )
        destinos.append(turnos.Destino(unidad=unidades[d["unidad"]], destinatario=persona, copia=d["copia"]))
    return destinos


class Turnar(APIView):
    permission_classes = requires(TURNAR_ASUNTO)

    @extend_schema(request=TurnarSerializer, responses={201: TurnoSerializer(many=True)})
    def post(self, request, pk: int):
        registro = sel.registro_get_for_user(user=request.user, id=pk)
        data = TurnarSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        datos = data.validated_data
        padre = sel.turno_get_for_user(user=request.user, id=datos["padre"]) if datos.get("padre") else None
        creados = turnos.turno_create(
            actor=request.user,
            registro=registro,
            destinos=_destinos(datos["destinos"]),
            instruccion=datos["instruccion"],
            plazo_dias=datos.get("plazo_dias"),
            prioridad=datos["prioridad"],
            observaciones=datos["observaciones"],
            padre=padre,
            ip=client_ip(request),
        )
        cuerpo = TurnoSerializer(creados, many=True, context={"cortes": cortes_hoy()}).data
        return Response(cuerpo, status=status.HTTP_201_CREATED)


class Concluir(APIView):
    permission_classes = requires(CONCLUIR_ASUNTO)

    @extend_schema(request=ConcluirSerializer, responses=RegistroSerializer)
    def post(self, request, pk: int):
        registro = sel.registro_get_for_user(user=request.user, id=pk)
        data = ConcluirSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registro = turnos.asunto_concluir(
            actor=request.user, registro=registro, motivo=data.validated_data["motivo"], ip=client_ip(request)
        )
        return Response(RegistroSerializer(registro).data)


class Volante(APIView):
    permission_classes = requires()

    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, pk: int):
        registro = sel.registro_get_for_user(user=request.user, id=pk)
        contenido = volante_pdf(registro=registro, turnos=list(sel.turnos_para_volante(registro=registro)))
        nombre = f"volante-{registro.folio.replace('/', '-')}.pdf"
        return file_response(contenido, filename=nombre, content_type="application/pdf")


class Constancia(APIView):
    permission_classes = requires()

    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, pk: int):
        registro = sel.registro_get_for_user(user=request.user, id=pk)
        with blob_open(sha256=registro.constancia_id) as handle:
            contenido = handle.read()
        nombre = f"constancia-{registro.folio.replace('/', '-')}.pdf"
        return file_response(contenido, filename=nombre, content_type="application/pdf")


class Bandeja(generics.ListAPIView):
    """The caller's turnos: lista=por_devolver|en_espera|atendidos, semaforo=verde|amarillo|rojo, q=text."""

    permission_classes = requires()
    serializer_class = TurnoSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "cortes": self.cortes}

    @extend_schema(
        parameters=[
            OpenApiParameter("lista", str, enum=list(sel.FILTROS)),
            OpenApiParameter("semaforo", str, enum=list(COLORES)),
            OpenApiParameter("q", str),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        lista, semaforo = params.get("lista", "por_devolver"), params.get("semaforo", "")
        if lista not in sel.FILTROS:
            raise ApplicationError("Lista no válida.", errors={"lista": [f"Use una de: {', '.join(sel.FILTROS)}."]})
        if semaforo and semaforo not in COLORES:
            raise ApplicationError("Semáforo no válido.", errors={"semaforo": ["Use verde, amarillo o rojo."]})
        self.cortes = cortes_hoy()
        return sel.turno_bandeja(
            user=self.request.user,
            lista=lista,
            semaforo=semaforo,
            buscar=params.get("q", "").strip(),
            cortes=self.cortes,
        )


class TurnoEstado(APIView):
    permission_classes = requires()

    @extend_schema(request=EstadoSerializer, responses=TurnoSerializer)
    def post(self, request, pk: int):
        turno = sel.turno_get_for_user(user=request.user, id=pk)
        data = EstadoSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        turno = turnos.turno_estado_cambiar(
            actor=request.user, turno=turno, ip=client_ip(request), **data.validated_data
        )
        return Response(TurnoSerializer(turno, context={"cortes": cortes_hoy()}).data)


class Instrucciones(generics.ListAPIView):
    permission_classes = requires()
    serializer_class = InstruccionSerializer
    pagination_class = None

    def get_queryset(self):
        return sel.instrucciones_activas()


class Tablero(APIView):
    permission_classes = requires()

    @extend_schema(responses=TableroSerializer)
    def get(self, request):
        unidad = unidad_de(request.user)
        if unidad is None:
            raise PermissionDeniedError("Su cuenta no pertenece a ninguna unidad.")
        tablero = tablero_unidad(unidad=unidad)
        return Response(TableroSerializer(tablero, context={"cortes": cortes_hoy()}).data)


urlpatterns = [
    path("registros/", Registros.as_view(), name="gestion-registros"),
    path("registros/<int:pk>/", AsuntoDetalle.as_view(), name="gestion-asunto"),
    path("registros/<int:pk>/turnos/", Turnar.as_view(), name="gestion-turnar"),
    path("registros/<int:pk>/concluir/", Concluir.as_view(), name="gestion-concluir"),
    path("registros/<int:pk>/volante/", Volante.as_view(), name="gestion-volante"),
    path("registros/<int:pk>/constancia/", Constancia.as_view(), name="gestion-constancia"),
    path("turnos/", Bandeja.as_view(), name="gestion-turnos"),
    path("turnos/<int:pk>/estado/", TurnoEstado.as_view(), name="gestion-turno-estado"),
    path("instrucciones/", Instrucciones.as_view(), name="gestion-instrucciones"),
    path("tablero/", Tablero.as_view(), name="gestion-tablero"),
]
