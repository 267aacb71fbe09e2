"""The "Turnos pendientes" on the home page: open turnos of the person's unidad (or addressed to them), by semáforo."""

from django.urls import reverse

from eoficio.selectors_gestion import turno_bandeja
from eoficio.services.semaforo import cortes_hoy
from sai.core.pendientes import FuentePendientes, Pendiente, register


class TurnosPendientes(FuentePendientes):
    clave = "eoficio.turnos"
    etiqueta = "Turnos pendientes"

    @property
    def enlace(self) -> str:
        return reverse("eoficio:turnos")

    def contar(self, user) -> int:
        return turno_bandeja(user=user).filter(copia=False).count()

    def listar(self, user, *, limite: int) -> list[Pendiente]:
        cortes = cortes_hoy()
        turnos = turno_bandeja(user=user, cortes=cortes).filter(copia=False)[:limite]
        return [
            Pendiente(
                titulo=f"{t.registro.folio} — {t.registro.asunto[:80]}",
                enlace=reverse("eoficio:asunto", args=[t.registro_id]),
                detalle=f"{t.instruccion.nombre} · {t.unidad.siglas}",
                fecha_limite=t.fecha_limite,
                semaforo=cortes.color(t),
            )
            for t in turnos
        ]


def registrar_pendientes() -> None:
    register(TurnosPendientes())
