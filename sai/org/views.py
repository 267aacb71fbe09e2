"""The second-factor pages: the code after the password, and enrolling an authenticator app."""

from base64 import b32encode

from django import forms
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from sai.org.otp import (
    SESSION_KEY,
    VERIFICAR,
    device_confirmed,
    otp_device_confirm,
    otp_device_pending,
    otp_verify,
    qr_svg,
)


class CodigoForm(forms.Form):
    codigo = forms.RegexField(
        label="Código de verificación",
        regex=r"^\d{6}$",
        error_messages={"invalid": "Escriba los 6 dígitos que muestra su aplicación."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@require_http_methods(["GET", "POST"])
def verificar(request):
    if device_confirmed(request.user) is None:
        return redirect("segundo_factor_configurar")
    form = CodigoForm(request.POST or None)
    if form.is_valid():
        if otp_verify(request, form.cleaned_data["codigo"]):
            return redirect(_next(request))
        form.add_error("codigo", "Código incorrecto o ya usado; espere el siguiente e intente de nuevo.")
    return render(request, "registration/segundo_factor.html", {"form": form, "next": _next(request)})


@require_http_methods(["GET", "POST"])
def configurar(request):
    if request.session.get(SESSION_KEY) == VERIFICAR:
        # Whoever knows only the password must not replace the device that guards the account.
        return redirect("segundo_factor_verificar")
    form = CodigoForm(request.POST or None)
    if form.is_valid():
        if otp_device_confirm(request=request, token=form.cleaned_data["codigo"]):
            return redirect(_next(request))
        form.add_error("codigo", "El código no corresponde; revise la hora de su teléfono e intente de nuevo.")
    device = otp_device_pending(request.user)
    clave = b32encode(device.bin_key).decode()
    context = {"form": form, "next": _next(request), "qr": qr_svg(device), "clave": clave}
    return render(request, "registration/segundo_factor.html", context)
