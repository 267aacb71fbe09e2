"""e-oficio: names of its choice sets in the OpenAPI schema (no environment settings yet)."""

__all__ = ["EOFICIO_ENUM_NAME_OVERRIDES"]

EOFICIO_ENUM_NAME_OVERRIDES = {
    "TipoOficioEnum": "eoficio.models.TipoOficio",
    "EstadoOficioEnum": "eoficio.models.EstadoOficio",
    "RevisionOficioEstadoEnum": "eoficio.models.Revision.Estado",
    "CompetenciaModalidadEnum": "eoficio.models.Competencia.Modalidad",
}
