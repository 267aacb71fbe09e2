"""What a locked-out visitor sees (django-axes' AXES_LOCKOUT_CALLABLE): a Spanish page, or the API's JSON shape."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

from sai.core.middleware import API_PREFIX

STATUS = 429


def lockout_message() -> str:
    minutos = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        f"Demasiados intentos fallidos de inicio de sesión. El acceso de este usuario o de esta dirección quedó "
        f"bloqueado durante {minutos} minutos; después podrá intentarlo de nuevo."
    )


def lockout_response(request, original_response=None, credentials=None):
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse({"detail": lockout_message(), "errors": {}}, status=STATUS)
    return render(request, "registration/bloqueo.html", {"mensaje": lockout_message()}, status=STATUS)
