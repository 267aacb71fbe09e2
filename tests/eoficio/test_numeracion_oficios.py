"""Numbers under concurrency: parallel signature requests of one unidad and tipo get 1..N, no gaps, no
duplicates; a request refused midway (signer without competence) spends no number."""

import threading

import pytest
from django.db import connection

from eoficio.models import EstadoOficio, Oficio
from eoficio.services.borradores import destinatarios_set, firmantes_set, oficio_create, oficio_update
from eoficio.services.firma import oficio_request_signature
from eoficio.services.revision import oficio_submit
from sai.core.exceptions import ApplicationError
from sai.org.roles import Rol
from tests.earchivo.factories import user_in

N = 8


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_number_without_gaps(
    capturista, titular, expediente, destinatario_uaj, unidad, con_certificado, competente, settings
):
    assert connection.vendor == "postgresql"
    settings.SAI_FIRMA_NIVEL_DEFAULT = "B-B"
    user, _ = con_certificado(titular, "firmante1")
    competente(user, unidad)
    sin_competencia = user_in(unidad, Rol.FIRMANTE, first_name="Sin", last_name="Competencia")
    oficios = []
    for i in range(N + 1):
        oficio = oficio_create(actor=capturista, expediente=expediente, asunto=f"Oficio {i}")
        oficio_update(actor=capturista, oficio=oficio, cuerpo=f"<p>Texto {i}</p>")
        destinatarios_set(actor=capturista, oficio=oficio, destinatarios=[{"usuario": destinatario_uaj}])
        firmante = sin_competencia if i == N else user
        firmantes_set(actor=capturista, oficio=oficio, firmantes=[{"usuario": firmante}])
        oficios.append(oficio_submit(actor=capturista, oficio=oficio))
    barrier = threading.Barrier(N + 1)
    errors: list[BaseException] = []

    def worker(oficio) -> None:
        try:
            barrier.wait(timeout=30)
            oficio_request_signature(actor=capturista, oficio=oficio)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(o,)) for o in oficios]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert len(errors) == 1 and isinstance(errors[0], ApplicationError) and "competencia" in errors[0].message
    numerados = Oficio.objects.filter(estado=EstadoOficio.POR_FIRMAR)
    assert sorted(numerados.values_list("consecutivo", flat=True)) == list(range(1, N + 1))
    assert numerados.values("numero").distinct().count() == N
