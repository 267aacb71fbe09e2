"""Every role × every e-archivo action: the services allow exactly the roles listed in EXPECTED and refuse the rest.

Users sit where the demo institution puts them: staff roles in the producing area (whose titular is the Firmante),
archive roles in the archives' unit, the auditor and the administrator in their own units. A refusal is
PermissionDeniedError or NotFoundError (an expediente the user may not see looks missing); anything else is a failure.
Classification actions run on a reservada expediente every role has been granted *reading*: a read grant never
turns into a write.
"""

import datetime
import io
from dataclasses import dataclass

import pytest
from guardian.shortcuts import assign_perm

from earchivo.models import ClasificacionInformacion, CuadroClasificacion, DisposicionDocumental, Expediente
from earchivo.selectors.acceso import expediente_get_for_user
from earchivo.services import accesos, bajas, cierre, documentos, expedientes, prestamos, retenciones, transferencias
from earchivo.services.instrumentos import cuadro_create_borrador, cuadro_publish, nodo_update
from earchivo.services.instrumentos_editor import nodo_move
from earchivo.services.tipos_documentales import tipo_documental_create
from sai.core.exceptions import NotFoundError, PermissionDeniedError
from sai.org.roles import Rol
from tests.earchivo.factories import (
    DocumentoFactory,
    ExpedienteFactory,
    SerieFactory,
    TipoDocumentalFactory,
    pdf_bytes,
    user_in,
)
from tests.factories import UnidadFactory

ROLES = [
    Rol.CAPTURISTA,
    Rol.FIRMANTE,
    Rol.RESPONSABLE_AT,
    Rol.COORDINACION,
    Rol.CONCENTRACION,
    Rol.HISTORICO,
    Rol.AUDITOR,
    Rol.ADMINISTRADOR,
]
HOME = {  # where each role's user works
    Rol.CAPTURISTA: "area",
    Rol.FIRMANTE: "area",
    Rol.RESPONSABLE_AT: "area",
    Rol.COORDINACION: "archivos",
    Rol.CONCENTRACION: "archivos",
    Rol.HISTORICO: "archivos",
    Rol.AUDITOR: "auditoria",
    Rol.ADMINISTRADOR: "sistemas",
}
CONSULTA = {Rol.CAPTURISTA, Rol.FIRMANTE, Rol.RESPONSABLE_AT, Rol.COORDINACION, Rol.AUDITOR}
EXPECTED = {
    "ver_expediente": CONSULTA,
    "descargar_documento": CONSULTA,
    "abrir_expediente": {Rol.CAPTURISTA, Rol.RESPONSABLE_AT},
    "agregar_documento": {Rol.CAPTURISTA, Rol.RESPONSABLE_AT},
    "cerrar_expediente": {Rol.RESPONSABLE_AT},
    "reabrir_expediente": {Rol.COORDINACION},
    "publicar_cgca": {Rol.COORDINACION},
    "editar_cgca": {Rol.COORDINACION},
    "mover_nodo_cgca": {Rol.COORDINACION},
    "administrar_tipo_documental": {Rol.COORDINACION},
    "colocar_retencion": {Rol.COORDINACION},
    "preparar_transferencia_primaria": {Rol.RESPONSABLE_AT},
    "revisar_transferencia": {Rol.COORDINACION},
    "recibir_transferencia_primaria": {Rol.CONCENTRACION},
    "solicitar_baja": {Rol.CONCENTRACION},
    "dictaminar_baja": {Rol.COORDINACION},
    "prestar_expediente": {Rol.RESPONSABLE_AT},
    "modificar_expediente": {Rol.CAPTURISTA, Rol.RESPONSABLE_AT},
    "modificar_en_historico": {Rol.HISTORICO},
    "clasificar_expediente": {Rol.FIRMANTE, Rol.RESPONSABLE_AT},
    "desclasificar_expediente": {Rol.FIRMANTE, Rol.RESPONSABLE_AT, Rol.COORDINACION},
    "designar_responsable": {Rol.FIRMANTE, Rol.RESPONSABLE_AT},
    "otorgar_acceso": {Rol.FIRMANTE},
}
HOY = datetime.date.today()


@dataclass
class Escenario:
    area: object
    users: dict
    serie: object
    abierto: Expediente
    vencido: Expediente
    para_baja: Expediente
    reservado: Expediente
    historico: Expediente
    colega: object


@pytest.fixture
def escenario(db) -> Escenario:
    unidades = {name: UnidadFactory(siglas=name.upper()[:6]) for name in set(HOME.values())}
    users = {role: user_in(unidades[HOME[role]], role) for role in ROLES}
    area = unidades["area"]
    area.titular = users[Rol.FIRMANTE]
    area.save(update_fields=["titular"])
    responsable = user_in(area)  # an expediente's responsable sees it anyway: keep that rule out of the matrix
    serie = SerieFactory(unidades=[area])
    abierto = ExpedienteFactory(serie=serie, unidad=area, responsable=responsable)
    DocumentoFactory(expediente=abierto)
    vencido = ExpedienteFactory(cerrado=True, serie=serie, unidad=area, responsable=responsable, anio=2010)
    DocumentoFactory(expediente=vencido)
    eliminacion = SerieFactory(
        unidades=[area], disposicion__tecnica_seleccion=DisposicionDocumental.Tecnica.ELIMINACION
    )
    para_baja = ExpedienteFactory(
        cerrado=True,
        serie=eliminacion,
        unidad=area,
        responsable=responsable,
        anio=2010,
        etapa=Expediente.Etapa.CONCENTRACION,
    )
    reservado = ExpedienteFactory(
        serie=serie,
        unidad=area,
        responsable=responsable,
        clasificacion=ClasificacionInformacion.RESERVADA,
        fundamento_clasificacion="Art. 113, fracc. V, LGTAIP",
        fecha_clasificacion=HOY,
        periodo_reserva_anios=5,
    )
    for user in users.values():
        assign_perm("earchivo.ver_expediente_clasificado", user, reservado)
    historico = ExpedienteFactory(
        cerrado=True, serie=serie, unidad=area, responsable=responsable, anio=2010, etapa=Expediente.Etapa.HISTORICO
    )
    colega = user_in(area, Rol.CAPTURISTA)
    return Escenario(area, users, serie, abierto, vencido, para_baja, reservado, historico, colega)


def _transferencia(e: Escenario, *, revisada: bool):
    transferencia = transferencias.transferencia_prepare(
        actor=e.users[Rol.RESPONSABLE_AT],
        tipo="primaria",
        unidad=e.area,
        expedientes=[e.vencido],
        expedientes_por_caja=10,
    )
    if revisada:
        transferencia = transferencias.transferencia_review(
            actor=e.users[Rol.COORDINACION], transferencia=transferencia, aprobar=True
        )
    return transferencia


def _borrador_completo():
    vigente = CuadroClasificacion.objects.get(estado="vigente")
    return cuadro_create_borrador(actor=None, nombre="CGCA 2027", copiar_de=vigente)


def _mover(actor):
    borrador = _borrador_completo()
    serie = borrador.nodos.filter(nivel="serie").first()
    return nodo_move(actor=actor, nodo=serie, padre=serie.padre, clave=f"{serie.padre.clave}.99")


ACTIONS = {
    "ver_expediente": lambda actor, e: expediente_get_for_user(user=actor, id=e.abierto.pk),
    "descargar_documento": lambda actor, e: documentos.version_open(
        actor=actor, version=e.abierto.documentos.get().versiones.get()
    ),
    "abrir_expediente": lambda actor, e: expedientes.expediente_create(
        actor=actor, serie=e.serie, unidad=e.area, titulo="Contrato de limpieza 2026", responsable=actor
    ),
    "agregar_documento": lambda actor, e: documentos.documento_create(
        actor=actor,
        expediente=e.abierto,
        tipo_documental=TipoDocumentalFactory(nombre="Oficio"),
        titulo="Oficio de solicitud",
        fecha=e.abierto.fecha_apertura,
        fileobj=io.BytesIO(pdf_bytes()),
        filename="oficio.pdf",
    ),
    "cerrar_expediente": lambda actor, e: cierre.expediente_close(actor=actor, expediente=e.abierto),
    "reabrir_expediente": lambda actor, e: cierre.expediente_reopen(
        actor=actor, expediente=e.vencido, motivo="Se recibió un documento del mismo asunto"
    ),
    "publicar_cgca": lambda actor, e: cuadro_publish(
        actor=actor, cuadro=_borrador_completo(), fecha_aprobacion=HOY, acuerdo="Acuerdo GIA/02/2026"
    ),
    "editar_cgca": lambda actor, e: nodo_update(
        actor=actor, nodo=_borrador_completo().nodos.get(clave=e.serie.clave), nombre="Serie renombrada"
    ),
    "mover_nodo_cgca": lambda actor, e: _mover(actor),
    "administrar_tipo_documental": lambda actor, e: tipo_documental_create(actor=actor, nombre="Convenio"),
    "colocar_retencion": lambda actor, e: retenciones.retencion_place(
        actor=actor, expediente=e.vencido, motivo="Auditoría 12/2026 del órgano interno de control"
    ),
    "preparar_transferencia_primaria": lambda actor, e: transferencias.transferencia_prepare(
        actor=actor, tipo="primaria", unidad=e.area, expedientes=[e.vencido], expedientes_por_caja=10
    ),
    "revisar_transferencia": lambda actor, e: transferencias.transferencia_review(
        actor=actor, transferencia=_transferencia(e, revisada=False), aprobar=True
    ),
    "recibir_transferencia_primaria": lambda actor, e: transferencias.transferencia_receive(
        actor=actor, transferencia=_transferencia(e, revisada=True)
    ),
    "solicitar_baja": lambda actor, e: bajas.baja_solicitar(
        actor=actor, expedientes=[e.para_baja], justificacion="Plazo de conservación cumplido"
    ),
    "dictaminar_baja": lambda actor, e: bajas.baja_dictaminar(
        actor=actor,
        proceso=bajas.baja_solicitar(
            actor=e.users[Rol.CONCENTRACION], expedientes=[e.para_baja], justificacion="Plazo cumplido"
        ),
        numero="DDF-0806-26",
        fecha=HOY,
        emisor="Grupo Interdisciplinario de Archivos",
    ),
    "prestar_expediente": lambda actor, e: prestamos.prestamo_create(
        actor=actor,
        expediente=e.vencido,
        solicitante=e.users[Rol.CAPTURISTA],
        fecha_vencimiento=HOY + datetime.timedelta(days=10),
    ),
    "modificar_expediente": lambda actor, e: expedientes.expediente_update(
        actor=actor, expediente=e.abierto, titulo="Contrato de limpieza 2026 (segunda etapa)"
    ),
    "modificar_en_historico": lambda actor, e: expedientes.expediente_update(
        actor=actor, expediente=e.historico, ubicacion_topografica="Estante 9, caja 3"
    ),
    "clasificar_expediente": lambda actor, e: expedientes.expediente_update(
        actor=actor,
        expediente=e.abierto,
        clasificacion=ClasificacionInformacion.RESERVADA,
        fundamento_clasificacion="Art. 113, fracc. V, LGTAIP",
        fecha_clasificacion=HOY,
        periodo_reserva_anios=5,
    ),
    "desclasificar_expediente": lambda actor, e: expedientes.expediente_update(
        actor=actor, expediente=e.reservado, clasificacion=ClasificacionInformacion.PUBLICA
    ),
    "designar_responsable": lambda actor, e: expedientes.expediente_update(
        actor=actor, expediente=e.abierto, responsable=e.colega
    ),
    "otorgar_acceso": lambda actor, e: accesos.acceso_clasificado_otorgar(
        actor=actor, expediente=e.reservado, usuario=e.colega, motivo="Oficio DJ/0158/2026"
    ),
}


def test_matrix_names_every_action_once():
    """Each action in the matrix has its expected roles, and only known roles are named."""
    assert set(EXPECTED) == set(ACTIONS)
    assert set().union(*EXPECTED.values()) <= set(ROLES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_role_action(escenario, action, role):
    """Allowed roles complete the action; every other role is refused, and nothing is changed for them."""
    actor = escenario.users[role]
    if role in EXPECTED[action]:
        ACTIONS[action](actor, escenario)
    else:
        with pytest.raises((PermissionDeniedError, NotFoundError)):
            ACTIONS[action](actor, escenario)
