"""B-LTA upkeep: a document timestamp proves the PDF existed while its TSA certificate was valid; before that
certificate expires, a new document timestamp (with the evidence for the previous one in the DSS) extends the proof.
"""

import asyncio
import datetime as dt
import io

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers

from firma.engine.config import FirmaConfig
from firma.engine.errors import ServicioNoDisponibleError
from firma.engine.pades import MD, NETWORK_ERRORS, TSA_ALLOWANCE, timestamper, tsa_failure
from firma.engine.trust import validation_context
from firma.engine.validation import _evidence


def ultimo_sello_vence(pdf: bytes) -> dt.datetime | None:
    """When the TSA certificate of the PDF's last document timestamp expires; None if there is none."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    sellos = list(reader.embedded_timestamp_signatures)
    if not sellos:
        return None
    return sellos[-1].signer_cert["tbs_certificate"]["validity"]["not_after"].native


async def _resellar(pdf: bytes, config: FirmaConfig) -> bytes:
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    certs, ocsps, crls = _evidence(reader)
    context = validation_context(config, certs=certs, ocsps=ocsps, crls=crls, fetching=True)
    try:
        stamper = signers.PdfTimeStamper(timestamper(config))
        if reader.embedded_timestamp_signatures:
            out = await stamper.async_update_archival_timestamp_chain(
                reader, context, in_place=False, output=io.BytesIO()
            )
        else:
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
            out = await stamper.async_timestamp_pdf(
                writer, MD, validation_context=context, bytes_reserved=2 * TSA_ALLOWANCE
            )
    except NETWORK_ERRORS as exc:
        raise tsa_failure(exc) from None
    except ValueError as exc:
        raise ServicioNoDisponibleError(
            f"No se pudo validar el sello de tiempo anterior ({exc}).", codigo="evidencia"
        ) from None
    finally:
        await context.aclose()
    return out.getvalue()


def resellar(pdf: bytes, config: FirmaConfig) -> bytes:
    """Append the evidence for the last document timestamp and a new document timestamp (incremental update)."""
    return asyncio.run(_resellar(pdf, config))
