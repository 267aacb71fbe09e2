"""Control de gestión pages: oficialía de partes registers, the turnos bandeja, the asunto page and its actions."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eoficio import selectors_gestion as sel
from eoficio.models import Registro, Turno
from eoficio.permissions import BANDEJA, CONCLUIR_ASUNTO, REGISTRAR_DOCUMENTO, TURNAR_ASUNTO, es_oficialia_de, unidad_de
from eoficio.selectors_tablero import tablero_unidad
from eoficio.services import recepcion, turnos
from eoficio.services.gestion_pdf import volante_pdf
from eoficio.services.semaforo import COLORES
from sai.calendario.services import Calendario
from sai.core.params import param_int
from sai.core.permissions import holds_all
from sai.core.reports import file_response
from sai.core.web import attempt, client_ip, guarded, stream_response
from sai.storage.services import blob_open

POR_PAGINA = 25


class RegistroForm(forms.ModelForm):
    archivo = forms.FileField(label="Digitalización (PDF o imagen)", required=False)

    class Meta:
        model = Registro
        fields = [
            "medio",
            "remitente_nombre",
            "remitente_cargo",
            "remitente_institucion",
            "remitente_correo",
            "numero_documento",
            "fecha_documento",
            "asunto",
            "anexos_cantidad",
            "anexos",
            "observaciones",
        ]
        widgets = {
            "fecha_documento": forms.DateInput(attrs={"type": "date"}),
            "asunto": forms.Textarea(attrs={"rows": 3}),
            "observaciones": forms.Textarea(attrs={"rows": 2}),
        }


class TurnarForm(forms.Form):
    unidades = forms.ModelMultipleChoiceField(label="Turnar a", queryset=sel.unidades_activas(), required=False)
    copias = forms.ModelMultipleChoiceField(
        label="C.c. para conocimiento", queryset=sel.unidades_activas(), required=False
    )
    instruccion = forms.ModelChoiceField(label="Instrucción", queryset=sel.instrucciones_activas(), required=False)
    prioridad = forms.ChoiceField(label="Prioridad", choices=Turno.Prioridad.choices)
    plazo_dias = forms.IntegerField(label="Plazo (días hábiles)", min_value=1, max_value=365, required=False)
    observaciones = forms.CharField(label="Observaciones", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    padre = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def error_field(self, key: str) -> str | None:
        return {"destinos": "unidades"}.get(key, key if key in self.fields else None)


def _pagina(request, qs):
    return Paginator(qs, POR_PAGINA).get_page(param_int(request.GET, "pagina", default=1, minimum=1, maximum=10**6))


@guarded(BANDEJA, REGISTRAR_DOCUMENTO)
def registro_nuevo(request):
    form = RegistroForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        archivo = form.cleaned_data.pop("archivo")
        registro = attempt(
            request,
            lambda: recepcion.registro_create(
                actor=request.user,
                fileobj=archivo,
                filename=archivo.name if archivo else "",
                ip=client_ip(request),
                **form.cleaned_data,
            ),
            lambda r: f"Documento registrado con el folio {r.folio}.",
            form=form,
        )
        if registro:
            return redirect("eoficio:asunto", pk=registro.pk)
    return render(request, "eoficio/gestion/registro_nuevo.html", {"form": form})


@guarded(BANDEJA, REGISTRAR_DOCUMENTO)
def registros(request):
    buscar = request.GET.get("q", "").strip()
    qs = sel.registro_list_for_user(user=request.user).filter(unidad=unidad_de(request.user))
    if buscar:
        qs = qs.filter(folio__icontains=buscar) | qs.filter(asunto__icontains=buscar)
    return render(request, "eoficio/gestion/registros.html", {"pagina": _pagina(request, qs), "q": buscar})


@guarded(BANDEJA)
def turnos_bandeja(request):
    lista = request.GET.get("lista", "por_devolver")
    lista = lista if lista in sel.FILTROS else "por_devolver"
    semaforo = request.GET.get("semaforo", "")
    semaforo = semaforo if semaforo in COLORES else ""
    buscar = request.GET.get("q", "").strip()
    cortes = sel.cortes_hoy()
    qs = sel.turno_bandeja(user=request.user, lista=lista, semaforo=semaforo, buscar=buscar, cortes=cortes)
    pagina = _pagina(request, qs)
    calendario = Calendario()
    filas = [
        (t, cortes.color(t) if t.abierto and not t.copia else "", sel.dias_en_poder(calendario, t)) for t in pagina
    ]
    context = {"pagina": pagina, "filas": filas, "lista": lista, "semaforo": semaforo, "q": buscar, "colores": COLORES}
    return render(request, "eoficio/gestion/turnos.html", context)


def _turnos_propios_abiertos(user, arbol) -> list:
    unidad = unidad_de(user)
    propios, pila = [], list(arbol)
    while pila:
        nodo = pila.pop()
        pila.extend(nodo.hijos)
        t = nodo.turno
        if t.abierto and (t.destinatario_id == user.id or (unidad and t.unidad_id == unidad.id)):
            propios.append(t)
    return propios


@guarded(BANDEJA)
def asunto(request, pk: int):
    detalle = sel.asunto_detalle(user=request.user, id=pk)
    propios = _turnos_propios_abiertos(request.user, detalle.arbol)
    if any(turnos.turno_acusar(actor=request.user, turno=t, ip=client_ip(request)) for t in propios):
        detalle = sel.asunto_detalle(user=request.user, id=pk)
    registro = detalle.registro
    abierto = registro.estado != Registro.Estado.CONCLUIDO
    puede_turnar = holds_all(request.user, [TURNAR_ASUNTO]) and abierto
    context = {
        "asunto": detalle,
        "registro": registro,
        "historia": sel.asunto_historia(registro=registro),
        "propios": [t for t in propios if not t.copia],
        "turnar_form": TurnarForm() if puede_turnar and es_oficialia_de(request.user, registro) else None,
        "returnar": [
            (t, TurnarForm(initial={"padre": t.pk}, auto_id=f"id_returno{t.pk}_%s"))
            for t in propios
            if not t.copia and puede_turnar
        ],
        "puede_concluir": abierto and holds_all(request.user, [CONCLUIR_ASUNTO]),
        "estados": Turno.Estado,
    }
    return render(request, "eoficio/gestion/asunto.html", context)


@require_POST
@guarded(BANDEJA, TURNAR_ASUNTO)
def turnar(request, pk: int):
    registro = sel.registro_get_for_user(user=request.user, id=pk)
    form = TurnarForm(request.POST)
    if not form.is_valid():
        return render(request, "eoficio/gestion/turnar.html", {"form": form, "registro": registro}, status=400)
    datos = form.cleaned_data
    padre = sel.turno_get_for_user(user=request.user, id=datos["padre"]) if datos["padre"] else None
    destinos = [turnos.Destino(unidad=u) for u in datos["unidades"]]
    destinos += [turnos.Destino(unidad=u, copia=True) for u in datos["copias"]]
    hecho = attempt(
        request,
        lambda: turnos.turno_create(
            actor=request.user,
            registro=registro,
            destinos=destinos,
            instruccion=datos["instruccion"],
            plazo_dias=datos["plazo_dias"],
            prioridad=datos["prioridad"],
            observaciones=datos["observaciones"],
            padre=padre,
            ip=client_ip(request),
        ),
        lambda ts: f"Turnado a {', '.join(t.unidad.siglas for t in ts)}.",
        form=form,
    )
    if hecho:
        return redirect("eoficio:asunto", pk=registro.pk)
    return render(request, "eoficio/gestion/turnar.html", {"form": form, "registro": registro}, status=400)


@require_POST
@guarded(BANDEJA)
def turno_estado(request, pk: int):
    turno = sel.turno_get_for_user(user=request.user, id=pk)
    attempt(
        request,
        lambda: turnos.turno_estado_cambiar(
            actor=request.user,
            turno=turno,
            estado=request.POST.get("estado", ""),
            nota=request.POST.get("nota", ""),
            ip=client_ip(request),
        ),
        lambda t: f"Turno {t.get_estado_display().lower()}.",
    )
    return redirect("eoficio:asunto", pk=turno.registro_id)


@require_POST
@guarded(BANDEJA, CONCLUIR_ASUNTO)
def concluir(request, pk: int):
    registro = sel.registro_get_for_user(user=request.user, id=pk)
    attempt(
        request,
        lambda: turnos.asunto_concluir(
            actor=request.user, registro=registro, motivo=request.POST.get("motivo", ""), ip=client_ip(request)
        ),
        "Asunto concluido.",
    )
    return redirect("eoficio:asunto", pk=registro.pk)


@guarded(BANDEJA)
def constancia(request, pk: int):
    registro = sel.registro_get_for_user(user=request.user, id=pk)
    blob = registro.constancia
    nombre = f"constancia-{registro.folio.replace('/', '-')}.pdf"
    return stream_response(blob_open(sha256=blob.sha256), filename=nombre, content_type=blob.mime, inline=True)


@guarded(BANDEJA)
def volante(request, pk: int):
    registro = sel.registro_get_for_user(user=request.user, id=pk)
    contenido = volante_pdf(registro=registro, turnos=list(sel.turnos_para_volante(registro=registro)))
    nombre = f"volante-{registro.folio.replace('/', '-')}.pdf"
    return file_response(contenido, filename=nombre, content_type="application/pdf")


@guarded(BANDEJA)
def digitalizacion(request, pk: int):
    registro = sel.registro_get_for_user(user=request.user, id=pk)
    if registro.archivo is None:
        return render(request, "404.html", status=404)
    blob = registro.archivo
    return stream_response(
        blob_open(sha256=blob.sha256), filename=registro.nombre_archivo, content_type=blob.mime, inline=True
    )


@guarded(BANDEJA)
def tablero(request):
    unidad = unidad_de(request.user)
    if unidad is None:
        raise PermissionDenied
    return render(request, "eoficio/gestion/tablero.html", {"tablero": tablero_unidad(unidad=unidad)})
