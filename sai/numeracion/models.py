"""Counters for every official number SAI assigns (expedientes, oficios, transferencias, bajas...).

One row per scope and year; only `sai.numeracion.services` touches them (no admin, no API): nobody edits a
counter. A number handed out by mistake is voided with its reason (`NumeroAnulado`), never reused.
"""

from django.conf import settings
from django.db import models


class Contador(models.Model):
    ambito = models.CharField("ámbito", max_length=200)
    anio = models.PositiveIntegerField("año", default=0)  # 0: a scope that never restarts
    ultimo = models.PositiveIntegerField("último número asignado", default=0)

    class Meta:
        verbose_name = "contador"
        verbose_name_plural = "contadores"
        constraints = [models.UniqueConstraint(fields=["ambito", "anio"], name="contador_unico")]

    def __str__(self) -> str:
        return f"{self.ambito} {self.anio or ''}: {self.ultimo}".strip()


class NumeroAnulado(models.Model):
    contador = models.ForeignKey(Contador, on_delete=models.PROTECT, related_name="anulados")
    numero = models.PositiveIntegerField("número")
    motivo = models.TextField("motivo")
    anulado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    anulado = models.DateTimeField("anulado el", auto_now_add=True)

    class Meta:
        verbose_name = "número anulado"
        verbose_name_plural = "números anulados"
        constraints = [models.UniqueConstraint(fields=["contador", "numero"], name="anulado_una_vez")]

    def __str__(self) -> str:
        return f"{self.contador.ambito} {self.numero} (anulado)"
