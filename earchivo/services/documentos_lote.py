"""Several documents at once (files dropped on the expediente page): each file one document, all or nothing.

A person scanning a day's mail drops twenty files; half a batch filed would leave them guessing which ones are
in. So every file is tried (each in its own savepoint, so the refusal can name every bad file at once), and if
any is refused the whole batch is rolled back.
"""

import datetime
import os
from typing import BinaryIO

from django.db import transaction

from earchivo.models import Documento, Expediente, TipoDocumental
from earchivo.services.documentos import documento_create
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError

MAX_ARCHIVOS = 50


def _titulo(nombre: str) -> str:
    """The document's title: the file's name without its extension (the capturista can rename it later)."""
    base = os.path.basename((nombre or "").replace("\\", "/"))
    return (os.path.splitext(base)[0] or base).strip()[:500]


def _motivos(exc: ApplicationError) -> str:
    detalles = [m for mensajes in exc.errors.values() for m in mensajes]
    return "; ".join(detalles) if detalles else exc.message


def documentos_create_batch(
    *,
    actor,
    expediente: Expediente,
    tipo_documental: TipoDocumental,
    fecha: datetime.date,
    archivos: list[tuple[BinaryIO, str]],
    autor: str = "",
    ip: str | None = None,
) -> list[Documento]:
    """Append one document per (file, name), in the order given, titled by the file name; all or none of them."""
    if not archivos:
        raise ApplicationError("Seleccione archivos.", errors={"archivos": ["Adjunte al menos un archivo."]})
    if len(archivos) > MAX_ARCHIVOS:
        raise ApplicationError(
            "Demasiados archivos.", errors={"archivos": [f"Agregue como máximo {MAX_ARCHIVOS} archivos a la vez."]}
        )
    errores: list[str] = []
    with transaction.atomic():
        documentos = []
        for fileobj, nombre in archivos:
            try:
                with transaction.atomic():
                    documentos.append(
                        documento_create(
                            actor=actor,
                            expediente=expediente,
                            tipo_documental=tipo_documental,
                            titulo=_titulo(nombre),
                            fecha=fecha,
                            autor=autor,
                            fileobj=fileobj,
                            filename=nombre,
                            ip=ip,
                        )
                    )
            except (PermissionDeniedError, ConflictError):
                raise  # the same for every file: say it once
            except ApplicationError as exc:
                errores.append(f"«{nombre}»: {_motivos(exc)}")
        if errores:
            raise ApplicationError(
                f"No se agregó ningún documento: {len(errores)} de {len(archivos)} archivos tienen errores.",
                errors={"archivos": errores},
            )
    return documentos
