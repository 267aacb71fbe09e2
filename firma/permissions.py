"""firma's permission names and its guards: the one place pages, the API and services ask "may this user...".

A signer holds FIRMAR (through the Firmante role or another archive role); whoever sends documents to signature
holds SOLICITAR. Either one opens the module's shared pages; services and selectors narrow what is shown. A request
is cancelled or its pending signers reassigned by its requester or by Coordinación (GESTIONAR).
"""

from sai.core.exceptions import PermissionDeniedError

FIRMAR = "firma.firmar_documento"
SOLICITAR = "firma.solicitar_firma"
GESTIONAR = "firma.gestionar_solicitudes"  # Coordinación: cancel or reassign anyone's request
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


def puede_gestionar(user, solicitud) -> bool:
    """The requester (still allowed to request signatures) or Coordinación may cancel and reassign a request."""
    return user is not None and (
        (solicitud.creada_por_id == user.pk and puede_solicitar(user)) or user.has_perm(GESTIONAR)
    )


def require_gestionar(user, solicitud) -> None:
    if not puede_gestionar(user, solicitud):
        raise PermissionDeniedError(
            "Sólo quien envió el documento a firma o la Coordinación de Archivos cancelan o reasignan la solicitud."
        )


def require_designar_suplente(actor, titular) -> None:
    """Only the titular, who signs, designates who signs in their place."""
    require_firmar(actor)
    if actor is None or titular is None or actor.pk != titular.pk:
        raise PermissionDeniedError("Sólo el titular designa a quien firma en su suplencia.")
