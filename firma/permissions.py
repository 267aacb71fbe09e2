"""firma's permission names and its guards: the one place pages, the API and services ask "may this user...".

A signer holds FIRMAR (through the Firmante role or another archive role); whoever sends documents to signature
holds SOLICITAR. Either one opens the module's shared pages; services and selectors narrow what is shown.
"""

from sai.core.exceptions import PermissionDeniedError

FIRMAR = "firma.firmar_documento"
SOLICITAR = "firma.solicitar_firma"
VALIDAR = (FIRMAR, SOLICITAR, "earchivo.view_documento")  # who may validate an uploaded PDF through the API


def puede_firmar(user) -> bool:
    return user is not None and user.has_perm(FIRMAR)


def puede_solicitar(user) -> bool:
    return user is not None and user.has_perm(SOLICITAR)


def puede_usar_firma(user) -> bool:
    return puede_firmar(user) or puede_solicitar(user)


def require_firmar(user) -> None:
    """Refuse unless `user` may sign. None is the system itself (commands, beat tasks)."""
    if user is not None and not puede_firmar(user):
        raise PermissionDeniedError("No tiene permiso para firmar documentos.")


def require_solicitar(user) -> None:
    if user is not None and not puede_solicitar(user):
        raise PermissionDeniedError("No tiene permiso para enviar documentos a firma.")


def require_usar_firma(user) -> None:
    if not puede_usar_firma(user):
        raise PermissionDeniedError("No tiene permiso para usar la firma electrónica.")


def require_validar(user) -> None:
    if not any(user.has_perm(perm) for perm in VALIDAR):
        raise PermissionDeniedError("No tiene permiso para usar la firma electrónica.")
