"""Institutional días inhábiles: the days the institution closes beyond Mexico's official holidays (which come
from the `holidays` package and need no row). Edited per year by Administración."""

from django.conf import settings
from django.db import models


class DiaInhabil(models.Model):
    fecha = models.DateField("fecha", unique=True)
    descripcion = models.CharField("descripción", max_length=200)
    registrado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registrado = models.DateTimeField("registrado el", auto_now_add=True)

    class Meta:
        ordering = ["fecha"]
        verbose_name = "día inhábil institucional"
        verbose_name_plural = "días inhábiles institucionales"

    def __str__(self) -> str:
        return f"{self.fecha:%d/%m/%Y} {self.descripcion}"
