"""Smoke: the shared factories build consistent objects."""

from earchivo.models import CuadroClasificacion, Expediente
from tests.earchivo.factories import CuadroFactory, DocumentoFactory, ExpedienteFactory, SubserieFactory


def test_factories_build_a_consistent_tree(db):
    """A closed expediente with documents hangs from a serie of the one vigente cuadro."""
    exp = ExpedienteFactory(cerrado=True)
    DocumentoFactory(expediente=exp, fojas=3)
    DocumentoFactory(expediente=exp, fojas=2)
    exp.refresh_from_db()
    assert exp.fojas == 5
    assert [d.orden for d in exp.documentos.all()] == [1, 2]
    assert exp.estado == Expediente.Estado.CERRADO and exp.fin_concentracion > exp.fin_tramite
    assert exp.serie.cuadro == CuadroFactory()
    assert CuadroClasificacion.objects.filter(estado="vigente").count() == 1
    sub = SubserieFactory()
    assert sub.padre.nivel == "serie" and sub.disposicion.vigencia_tramite == 2
    assert exp.documentos.first().versiones.get().blob.sha256


def test_factory_rows_do_not_collide_with_service_numbering(db):
    """expediente_create after ExpedienteFactory in the same serie+unidad+año takes the next número."""
    from earchivo.services.expedientes import expediente_create
    from sai.org.roles import Rol
    from tests.earchivo.factories import user_in

    previo = ExpedienteFactory(numero=7)
    responsable = user_in(previo.unidad, Rol.RESPONSABLE_AT)
    nuevo = expediente_create(actor=None, serie=previo.serie, unidad=previo.unidad, titulo="x", responsable=responsable)
    assert nuevo.numero == 8
