"""What can be signed: each app registers its firmable kinds here (in its AppConfig.ready); firma reads them.

The same shape as `sai.search.registry`: the platform never imports the apps, and firma never touches another app's
tables. A Firmable supplies the PDF and what the pages show, says who may see it and who may be named a signer,
says whether it may still be signed (asked when a request is made and again before every signature), and receives
`on_signed` / `on_cancelled`, in which the owning app writes its own records through its own services.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from sai.core.exceptions import ApplicationError


@dataclass(frozen=True)
class FirmableInfo:
    """What firma needs to know about one firmable object (no access check implied: see `Firmable.visible_ids`)."""

    tipo: str
    id: int
    titulo: str
    blob: object  # the sai.storage Blob holding the PDF to sign
    referencia: str = ""  # where it lives, in the owner's words ("Expediente X · versión 2 · oficio.pdf")
    unidad_emisora: str = ""
    tipo_documental: str = ""  # selects the PAdES level in SAI_FIRMA_NIVELES
    fecha: dt.date | None = None
    destinatario: str = ""
    paginas: int | None = None
    publico: bool = False  # whether the public verification page may show its data and its PDF
    enlace: str = ""  # its page in the owning app


@dataclass(frozen=True)
class SolicitudResumen:
    """The signing request as the owning app sees it in a callback (firma's models stay firma's)."""

    uuid: str
    folio: str
    nivel: str
    creada_por_id: int
    firmantes: tuple[str, ...]  # the signers' names as certified, in signing order
    motivo: str = ""  # why it was re-delivered (re-timestamp) or cancelled


class Firmable:
    """One kind of thing that can be signed. Subclass, fill `tipo` and `etiqueta`, and register an instance."""

    tipo: str = ""  # "<app>.<kind>", e.g. "earchivo.version"
    etiqueta: str = ""  # Spanish label, e.g. "Versión de documento"

    def describe(self, object_id: int) -> FirmableInfo | None:
        """The object's data, or None when it does not exist."""
        raise NotImplementedError

    def visible_ids(self, user) -> QuerySet:
        """Ids of the objects `user` may see, as a query (firma filters its own lists with it)."""
        raise NotImplementedError

    def visible(self, user, object_id: int) -> bool:
        return self.visible_ids(user).filter(pk=object_id).exists()

    def signer_refusal(self, user, object_id: int) -> str:
        """Why `user` may not be named a signer of the object ("" if they may). Asked at request and signing."""
        if not self.visible(user, object_id):
            nombre = user.get_full_name() or user.get_username()
            return f"{nombre} no tiene acceso a este documento; otórguele acceso antes de nombrarlo firmante."
        return ""

    def signable_check(self, object_id: int) -> None:
        """Raise an ApplicationError when the object may not be signed now (asked before every signature)."""

    def on_signed(self, *, object_id: int, blob, solicitud: SolicitudResumen, actor) -> None:
        """The fully signed PDF (`blob`), once per distinct PDF: after the last signature, again after a
        re-timestamp. Runs in firma's transaction; raising refuses it (the signature is not kept). `actor` None
        is the system (a background task)."""
        raise NotImplementedError

    def on_cancelled(self, *, object_id: int, solicitud: SolicitudResumen, actor) -> None:
        """The request ended unsigned (cancelled or declined): undo whatever the app did when it was made."""


_registry: dict[str, Firmable] = {}


def register(firmable: Firmable) -> Firmable:
    _registry[firmable.tipo] = firmable
    return firmable


def tipos() -> dict[str, Firmable]:
    return dict(_registry)


def firmable_get(tipo: str) -> Firmable:
    """The registered kind, or a clear refusal naming the field (an API client sent an unknown type)."""
    try:
        return _registry[tipo]
    except KeyError:
        conocidos = ", ".join(sorted(_registry)) or "ninguno"
        raise ApplicationError(
            "Tipo de documento firmable desconocido.",
            errors={"firmable_tipo": [f"«{tipo}» no está registrado; use uno de: {conocidos}"]},
        ) from None
