"""Batch signing, server mode: one `.key` unlock, many requests, each signed in its own transaction.

One document's refusal (out of order, closed, a firmable that no longer accepts signatures) does not stop the
others; each gets its own line in the report. A wrong `.key` or password refuses the whole batch up front.
"""

import dataclasses

from firma import selectors
from firma.engine.certificates import certificado_load, llave_check_pair, llave_load, secreto_wipe
from firma.models import Certificado
from firma.permissions import require_firmar
from firma.services.solicitudes import firma_sign
from sai.core.exceptions import ApplicationError

MAX_LOTE = 100


@dataclasses.dataclass(frozen=True)
class ResultadoLote:
    """One document of a batch: signed (with the signature's id) or refused (with the Spanish reason)."""

    solicitud: str
    firmada: bool
    firma_id: int | None = None
    error: str = ""
    codigo: str = ""


def firma_sign_batch(
    *, actor, uuids: list, certificado: Certificado, llave: bytearray, contrasena: bytearray, ip: str | None = None
) -> list[ResultadoLote]:
    """Sign every request in `uuids` (in that order) with one `.key`; `llave` and `contrasena` are wiped at the end."""
    try:
        require_firmar(actor)
        if not uuids:
            raise ApplicationError("Elija al menos un documento.", errors={"solicitudes": ["la lista está vacía"]})
        if len(uuids) > MAX_LOTE:
            raise ApplicationError(
                "Demasiados documentos en un lote.", errors={"solicitudes": [f"el máximo es {MAX_LOTE}"]}
            )
        llave_check_pair(llave_load(llave=llave, contrasena=contrasena), certificado_load(bytes(certificado.der)))
        return [_uno(actor, uuid, certificado, llave, contrasena, ip) for uuid in dict.fromkeys(map(str, uuids))]
    finally:
        secreto_wipe(llave, contrasena)


def _uno(actor, uuid: str, certificado, llave: bytearray, contrasena: bytearray, ip) -> ResultadoLote:
    try:
        solicitud = selectors.solicitud_get_for_user(user=actor, uuid=uuid)
        firma = firma_sign(
            actor=actor,
            solicitud=solicitud,
            certificado=certificado,
            llave=bytearray(llave),  # firma_sign wipes its copy
            contrasena=bytearray(contrasena),
            ip=ip,
        )
    except ApplicationError as exc:
        return ResultadoLote(uuid, False, error=exc.message, codigo=getattr(exc, "codigo", "") or "")
    return ResultadoLote(uuid, True, firma_id=firma.pk)
