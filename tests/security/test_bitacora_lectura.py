"""Issue 8, item 2: the bitácora discloses no reserved content, and it is the auditors' page in SAI, itself audited.

The Administrador (no archive role) read titles, asuntos, file names and search terms of reservada expedientes in
the admin's bitácora pages. Now: no admin pages; /bitacora/ for the Auditor and the Órgano Interno de Control;
entries about a classified object show its content only to who may see it; what is stored carries digests.
"""

import csv
import datetime
import io
import json

import pytest
from django.contrib.auth.models import Group
from openpyxl import load_workbook

from earchivo.services.accesos import acceso_clasificado_otorgar
from sai.audit.chain import SECRET_PREFIX, secret_digest
from sai.audit.models import EntradaBitacora
from sai.audit.registry import OCULTO
from sai.audit.services import audit_record
from sai.org.roles import Rol
from sai.search.services.consulta import search_execute
from tests.factories import UnidadFactory
from tests.search.fixtures import index_all
from tests.security.conftest import SECRETO

pytestmark = pytest.mark.django_db


def _stored_text() -> str:
    """Everything the database holds about the bitácora, as an attacker with a SELECT would read it."""
    return "\n".join(
        f"{e.objeto_repr} {json.dumps(e.datos, ensure_ascii=False)}" for e in EntradaBitacora.objects.all()
    )


def test_stored_entries_of_a_classified_expediente_carry_digests_not_secrets(reservado, settings):
    """Titles, asuntos, file names and search terms of a reservada expediente are stored only as keyed digests."""
    settings.SAI_SEARCH = "database"
    index_all()
    assert search_execute(actor=reservado.rat, q=SECRETO).total == 2
    assert EntradaBitacora.objects.get(accion="busqueda.consultar").datos["q"] == secret_digest(SECRETO)
    text = _stored_text()
    assert SECRETO not in text
    modificar = EntradaBitacora.objects.get(accion="expediente.modificar")
    antes, despues = modificar.datos["cambios"]["titulo"]
    assert antes.startswith(SECRET_PREFIX) and despues == secret_digest(f"Denuncia {SECRETO} (ampliada)")
    crear = EntradaBitacora.objects.get(accion="documento.crear")
    assert crear.datos["archivo"] == secret_digest(f"acta-{SECRETO}.txt")
    assert crear.objeto_repr == f"Documento 1 de {reservado.expediente.clave}"
    assert EntradaBitacora.objects.get(accion="expediente.crear").objeto_repr.startswith(reservado.expediente.clave)


def test_public_expedientes_keep_readable_entries(make_user):
    """Nothing public is hashed: the digests are for classified material only."""
    unidad = UnidadFactory(siglas="PUB")
    entry = audit_record(actor=None, action="prueba", obj=unidad, data={"titulo": "Visible"}, secret_fields=("titulo",))
    assert entry.datos == {"titulo": "Visible"} and entry.objeto_repr == str(unidad)


def test_the_bitacora_is_not_in_the_django_admin(client, make_user):
    """The Administrador neither finds the bitácora in the admin nor holds the permission to read it."""
    admin = make_user(Rol.ADMINISTRADOR, is_staff=True)
    client.force_login(admin)
    assert client.get("/admin/audit/entradabitacora/").status_code == 404
    assert "/admin/audit/" not in client.get("/admin/").text
    assert client.get("/bitacora/").status_code == 403
    assert not admin.has_perm("audit.view_entradabitacora")


@pytest.mark.parametrize("rol", [Rol.CAPTURISTA, Rol.RESPONSABLE_AT, Rol.COORDINACION, Rol.ADMINISTRADOR])
def test_other_roles_are_refused(client, make_user, rol):
    """Only auditing roles open the page or the export; the menu shows it to them only."""
    client.force_login(make_user(rol))
    assert client.get("/bitacora/").status_code == 403
    assert client.get("/bitacora/exportar/", {"formato": "csv"}).status_code == 403
    assert 'data-nav="audit:bitacora"' not in client.get("/").text


def test_auditor_page_filters_pages_and_is_itself_recorded(client, make_user, reservado):
    """The Auditor filters by user, action, object and dates, pages through, and each reading is recorded."""
    auditor = make_user(Rol.AUDITOR)
    client.force_login(auditor)
    home = client.get("/").text
    assert 'data-nav="audit:bitacora"' in home
    for i in range(60):
        audit_record(actor=None, action="prueba.relleno", data={"i": i})
    page = client.get("/bitacora/")
    assert page.status_code == 200 and "Página 1 de" in page.text
    hoy = datetime.date.today().isoformat()
    filtered = client.get(
        "/bitacora/",
        {
            "actor": reservado.rat.username,
            "accion": "expediente.",
            "objeto_tipo": "earchivo.expediente",
            "objeto_id": reservado.expediente.pk,
            "desde": hoy,
            "hasta": hoy,
        },
    )
    acciones = [f.accion for f in filtered.context["page"].filas]
    assert acciones == ["expediente.modificar", "expediente.crear"]
    consultas = EntradaBitacora.objects.filter(accion="bitacora.consultar", actor=auditor).order_by("seq")
    assert consultas.count() == 2
    assert consultas.last().datos["filtros"]["accion"] == "expediente."
    mañana = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    bad = client.get("/bitacora/", {"desde": mañana, "hasta": hoy})
    assert bad.status_code == 400 and "La fecha final es anterior a la inicial." in bad.text


def test_classified_entries_show_only_to_who_may_see_the_expediente(client, make_user, reservado):
    """The Auditor sees the entries of the reservada expediente; the OIC (no classified access) sees
    "[clasificado]" until the expediente's owner grants it access."""
    auditor, oic = make_user(Rol.AUDITOR), make_user(Rol.OIC)
    assert Group.objects.filter(name=Rol.OIC).exists()
    filtro = {"objeto_tipo": "earchivo.expediente", "objeto_id": reservado.expediente.pk}
    client.force_login(auditor)
    filas = client.get("/bitacora/", filtro).context["page"].filas
    assert filas and not any(f.clasificado for f in filas)
    assert all(f.objeto.startswith(reservado.expediente.clave) for f in filas)
    client.force_login(oic)
    response = client.get("/bitacora/", filtro)
    assert {(f.objeto, f.datos) for f in response.context["page"].filas} == {(OCULTO, OCULTO)}
    assert reservado.expediente.clave not in response.text
    acceso_clasificado_otorgar(
        actor=reservado.rat, expediente=reservado.expediente, usuario=oic, motivo="Auditoría OIC 3/2026"
    )
    filas = client.get("/bitacora/", filtro).context["page"].filas
    assert not any(f.clasificado for f in filas)


def test_export_hides_the_same_neutralises_formulas_and_is_recorded(client, make_user, reservado):
    """CSV and XLSX exports hide what the page hides, never carry a live formula, and are recorded."""
    audit_record(actor=None, action="prueba.formula", obj=UnidadFactory(siglas="=1+1", nombre="x"))
    oic = make_user(Rol.OIC)
    client.force_login(oic)
    response = client.get("/bitacora/exportar/", {"formato": "csv", "objeto_id": reservado.expediente.pk})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Posición", "Fecha y hora", "Usuario", "Acción"]
    assert {row[6] for row in rows[1:] if row[4] == "earchivo.expediente"} == {OCULTO}
    xlsx = client.get("/bitacora/exportar/", {"formato": "xlsx", "accion": "prueba.formula"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cell = sheet.cell(row=2, column=7)
    assert cell.value.startswith("=1+1") and cell.data_type == "s"
    csv_formula = client.get("/bitacora/exportar/", {"formato": "csv", "accion": "prueba.formula"})
    assert "'=1+1" in csv_formula.content.decode("utf-8-sig")
    exports = EntradaBitacora.objects.filter(accion="bitacora.exportar", actor=oic)
    assert [e.datos["formato"] for e in exports.order_by("seq")] == ["csv", "xlsx", "csv"]
    assert client.get("/bitacora/exportar/", {"formato": "pdf"}).status_code == 400


def test_oic_consults_the_archive_read_only(client, make_user, reservado):
    """The Órgano Interno de Control reads the archive and the bitácora, changes nothing, opens no classified file."""
    oic = make_user(Rol.OIC)
    assert oic.has_perm("earchivo.view_expediente") and oic.has_perm("audit.view_entradabitacora")
    assert not any(oic.has_perm(p) for p in ("earchivo.add_expediente", "earchivo.ver_expediente_clasificado"))
    client.force_login(oic)
    assert client.get("/archivo/expedientes/").status_code == 200
    assert client.get(f"/archivo/expedientes/{reservado.expediente.pk}/").status_code == 404
    assert client.post("/api/v1/archivo/expedientes/", {}, content_type="application/json").status_code == 403
