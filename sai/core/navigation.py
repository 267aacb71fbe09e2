"""The main menu: each module shows only to users whose role grants its access permission."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str


NAV_ITEMS = (
    NavItem(_("Bandeja"), "eoficio:index", "org.acceder_bandeja"),
    NavItem(_("Archivo"), "earchivo:index", "org.acceder_archivo"),
    NavItem(_("Búsqueda"), "search:index", "org.acceder_busqueda"),
    NavItem(_("Inventarios"), "inventarios:index", "org.acceder_inventarios"),
    NavItem(_("Firma"), "firma:index", "firma.firmar_documento"),
    NavItem(_("Bitácora"), "audit:bitacora", "audit.view_entradabitacora"),
    NavItem(_("Administración"), "admin:index", "org.acceder_administracion"),
)


def navigation_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    return [
        {"label": item.label, "url": reverse(item.url_name), "url_name": item.url_name}
        for item in NAV_ITEMS
        if user.has_perm(item.permission)
    ]
