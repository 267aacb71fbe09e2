"""Django admin for e-archivo: a read-only window for support staff.

Expedientes, documents, instruments and the life cycle change only through the services (which check the rules
and write the bitácora); the admin shows them. Only the tipos documentales catalogue is edited here (audited).
"""

from django.contrib import admin

from earchivo.models import (
    BajaExpediente,
    CuadroClasificacion,
    DisposicionDocumental,
    Documento,
    Expediente,
    FichaTecnicaValoracion,
    IndiceElectronico,
    NodoClasificacion,
    Prestamo,
    ProcesoBaja,
    RetencionLegal,
    TipoDocumental,
    Transferencia,
    VersionDocumento,
)
from sai.core.admin import AuditedModelAdmin


class ReadOnlyAdmin(AuditedModelAdmin):
    """Lists and shows; never adds, changes or deletes (that is the services' job)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class VersionInline(admin.TabularInline):
    model = VersionDocumento
    fields = ("numero", "nombre_archivo", "blob", "paginas", "motivo", "creado_por", "creado")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Expediente)
class ExpedienteAdmin(ReadOnlyAdmin):
    list_display = ("clave", "titulo", "unidad", "anio", "etapa", "estado", "clasificacion")
    list_filter = ("etapa", "estado", "clasificacion", "anio")
    search_fields = ("clave", "titulo")
    list_select_related = ("unidad",)
    raw_id_fields = ("serie", "unidad", "responsable")


@admin.register(Documento)
class DocumentoAdmin(ReadOnlyAdmin):
    list_display = ("titulo", "expediente", "orden", "tipo_documental", "fecha", "fojas")
    search_fields = ("titulo", "uuid", "expediente__clave")
    list_select_related = ("expediente", "tipo_documental")
    raw_id_fields = ("expediente",)
    inlines = [VersionInline]


@admin.register(IndiceElectronico)
class IndiceElectronicoAdmin(ReadOnlyAdmin):
    list_display = ("expediente", "generado", "hash")
    search_fields = ("expediente__clave", "hash")
    list_select_related = ("expediente",)


@admin.register(TipoDocumental)
class TipoDocumentalAdmin(AuditedModelAdmin):
    list_display = ("nombre", "es_documento_de_archivo")
    search_fields = ("nombre",)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CuadroClasificacion)
class CuadroClasificacionAdmin(ReadOnlyAdmin):
    list_display = ("version", "nombre", "estado", "fecha_aprobacion")


@admin.register(NodoClasificacion)
class NodoClasificacionAdmin(ReadOnlyAdmin):
    list_display = ("clave", "nombre", "nivel", "cuadro")
    list_filter = ("cuadro", "nivel")
    search_fields = ("clave", "nombre")


for model in (
    DisposicionDocumental,
    FichaTecnicaValoracion,
    RetencionLegal,
    Transferencia,
    ProcesoBaja,
    BajaExpediente,
    Prestamo,
):
    admin.site.register(model, ReadOnlyAdmin)
