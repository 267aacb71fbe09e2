"""The refusals of the firma module: each carries a stable `codigo` (for tests and the API) and a Spanish message."""

from sai.core.exceptions import ApplicationError, ConflictError

PDF_LIBRARY_ERRORS = (  # fragments of pyHanko / pypdf messages (English) → what a user is told
    ("eof marker", "falta el marcador de fin de archivo (%%EOF): el archivo está incompleto"),
    ("startxref", "falta o está dañada la referencia a la tabla de objetos (startxref)"),
    ("xref", "la tabla de referencias cruzadas (xref) está dañada"),
    ("trailer", "el tráiler del archivo está dañado"),
    ("stream", "un flujo de datos interno está dañado"),
    ("malformed", "su estructura no se puede leer"),
)


def pdf_error_text(exc: BaseException) -> str:
    """A library's error about a PDF, in Spanish: the known cause, or a generic one (never the English text)."""
    text = str(exc).lower()
    return next((spanish for fragment, spanish in PDF_LIBRARY_ERRORS if fragment in text), "su estructura no es válida")


class FirmaError(ApplicationError):
    codigo = "firma"
    campo = ""

    def __init__(self, message: str, *, codigo: str | None = None, campo: str | None = None) -> None:
        self.codigo = codigo or self.codigo
        campo = campo if campo is not None else self.campo
        super().__init__(message, errors={campo: [message]} if campo else None)


class CertificadoError(FirmaError):
    """The certificate cannot sign: CSD, expired, not yet valid, revoked, untrusted or unreadable."""

    codigo = "certificado"
    campo = "certificado"


class LlaveError(FirmaError):
    """The private key cannot be used: wrong password, not a key, or not the certificate's key."""

    codigo = "llave"
    campo = "llave"


class PdfInvalidoError(FirmaError):
    codigo = "pdf"
    campo = "archivo"


class ServicioNoDisponibleError(FirmaError):
    """The TSA or the OCSP/CRL source did not answer: signing at B-T or above is refused (never downgraded)."""

    status_code = 503
    codigo = "servicio"


class OrdenError(ConflictError):
    """Out of order (an earlier signer has not signed), already signed, or the request is not open for signing."""

    def __init__(self, message: str, *, codigo: str = "orden") -> None:
        self.codigo = codigo
        super().__init__(message)
