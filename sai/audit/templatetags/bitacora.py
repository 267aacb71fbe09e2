"""Template filters to read bitácora entries (sai.audit.acciones): `{{ entrada.accion|accion:entrada.datos }}`."""

from django import template

from sai.audit.acciones import accion_describir, datos_legibles

register = template.Library()


@register.filter
def accion(codigo: str, datos=None) -> str:
    return accion_describir(codigo, datos)


@register.filter
def legibles(datos) -> list[tuple[str, str]]:
    return datos_legibles(datos)
