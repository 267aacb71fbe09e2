"""Tipos documentales other apps need to exist (e-oficio files oficios, memorándums... as their own tipo)."""

from earchivo.models import TipoDocumental
from sai.audit.services import audit_record


def tipo_documental_ensure(*, nombre: str, actor=None) -> TipoDocumental:
    """The tipo documental with that name, created (and recorded in the bitácora) the first time it is asked for."""
    tipo, created = TipoDocumental.objects.get_or_create(nombre=nombre)
    if created:
        audit_record(actor=actor, action="tipo_documental.crear", obj=tipo, data={"nombre": nombre})
    return tipo
