"""DOCX → PDF with LibreOffice in headless mode (Debian's libreoffice-writer-nogui, see deploy/services/office.sh).

Each conversion starts its own `soffice` with a throwaway user profile, so parallel conversions (several Celery
workers) never meet on LibreOffice's profile lock, and nothing of one document lingers for the next. The input
is checked to be an Office Open XML document first: LibreOffice would otherwise "convert" any bytes as plain text.
A conversion that outlives SAI_CONVERSION_TIMEOUT is killed with its whole process group.
"""

import io
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings

from sai.core.exceptions import ApplicationError

_DOCX_PARTES = ("[Content_Types].xml", "word/document.xml")
_DANADO = "El archivo no es un documento DOCX válido o está dañado; ábralo y guárdelo de nuevo como .docx."


def _soffice() -> str | None:
    return shutil.which(settings.SAI_SOFFICE)


def conversion_disponible() -> str:
    """ "" when DOCX bodies can be converted; else the Spanish reason to show beside the DOCX option."""
    if _soffice() is None:
        return (
            "La conversión de DOCX a PDF no está disponible: LibreOffice (soffice) no está instalado en el servidor. "
            "Redacte el cuerpo en el editor."
        )
    return ""


def _error(mensaje: str) -> ApplicationError:
    return ApplicationError(mensaje, errors={"archivo": [mensaje]})


def _docx_check(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as docx:
            nombres = set(docx.namelist())
            if docx.testzip() is not None:
                raise _error(_DANADO)
    except zipfile.BadZipFile:
        raise _error(_DANADO) from None
    if not nombres.issuperset(_DOCX_PARTES):
        raise _error(_DANADO)


def docx_to_pdf(data: bytes) -> bytes:
    """The PDF LibreOffice makes of a DOCX; ApplicationError (field "archivo") in Spanish when it cannot."""
    motivo = conversion_disponible()
    if motivo:
        raise _error(motivo)
    _docx_check(data)
    with tempfile.TemporaryDirectory(prefix="sai-docx-") as tmp:
        carpeta = Path(tmp)
        origen = carpeta / "documento.docx"
        origen.write_bytes(data)
        comando = [
            _soffice(),
            f"-env:UserInstallation={(carpeta / 'perfil').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--infilter=MS Word 2007 XML",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(carpeta / "pdf"),
            str(origen),
        ]
        proceso = subprocess.Popen(  # noqa: S603 - fixed arguments, our own temporary files
            comando,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "HOME": tmp},
            start_new_session=True,  # its own process group: a timeout kills soffice.bin too
        )
        try:
            proceso.wait(timeout=settings.SAI_CONVERSION_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proceso.pid, signal.SIGKILL)
            proceso.wait()
            raise _error(
                f"La conversión del DOCX a PDF excedió {settings.SAI_CONVERSION_TIMEOUT} segundos y se canceló."
            ) from None
        pdf = carpeta / "pdf" / "documento.pdf"
        if proceso.returncode != 0 or not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
            raise _error("LibreOffice no pudo convertir el documento a PDF. " + _DANADO)
        return pdf.read_bytes()
