"""Who may consult a reservada/confidencial expediente beyond its role's reach: the owners grant and revoke here."""

from django.shortcuts import redirect, render
from django.urls import path

from earchivo.permissions import VER_EXPEDIENTES, is_owner
from earchivo.selectors.acceso import expediente_get_for_user
from earchivo.services import accesos
from earchivo.views import ARCHIVO
from earchivo.views.lecturas import audited_access
from sai.core.web import attempt, client_ip, guarded
from sai.org.selectors import usuario_por_username


@audited_access("accesos", kwarg="expediente_id")
@guarded(ARCHIVO, VER_EXPEDIENTES)
def accesos_expediente(request, expediente_id: int):
    expediente = expediente_get_for_user(user=request.user, id=expediente_id)
    if request.method == "POST":
        usuario = usuario_por_username(request.POST.get("usuario", ""))
        service = (
            accesos.acceso_clasificado_revocar if "revocar" in request.POST else accesos.acceso_clasificado_otorgar
        )
        done = attempt(
            request,
            lambda: service(
                actor=request.user,
                expediente=expediente,
                usuario=usuario,
                motivo=request.POST.get("motivo", ""),
                ip=client_ip(request),
            ),
            "Autorización revocada." if "revocar" in request.POST else "Autorización registrada.",
        )
        if done:
            return redirect("earchivo:accesos", expediente_id=expediente.pk)
    context = {
        "expediente": expediente,
        "autorizados": accesos.accesos_clasificados(expediente=expediente),
        "puede_autorizar": is_owner(request.user, expediente),
    }
    return render(request, "earchivo/expedientes/accesos.html", context)


urlpatterns = [path("expedientes/<int:expediente_id>/accesos/", accesos_expediente, name="accesos")]
