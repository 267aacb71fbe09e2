"""Anchoring the chain outside the database: the head sealed by a TSA and kept as a write-once storage object.

The HMAC key stops a forged rewrite, but not a truncation (delete the newest entries, rewind the head: what is left
still verifies) nor an insider who holds the key. So every SAI_AUDIT_CHECKPOINT_MINUTES the head (seq + hash) is
timestamped by the RFC 3161 authority (SAI_AUDIT_TSA_URL) and written to the document storage, under S3 Object
Lock where the bucket has it. Verification reads the checkpoints from the storage, never from the database: each
one's token must be valid over its (seq, hash), and the chain must still hold exactly that hash at that seq.
Entries newer than the last checkpoint are protected by the key alone until the next one.
"""

import asyncio
import base64
import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from asn1crypto import cms, pem, x509
from django.conf import settings
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
from pyhanko_certvalidator import ValidationContext

from sai.audit.chain import entry_hash, key_id, utc_now
from sai.audit.models import CabezaBitacora, EntradaBitacora, PuntoControl
from sai.core.exceptions import ApplicationError
from sai.storage.write_once import write_once_list, write_once_put, write_once_read

logger = logging.getLogger(__name__)

PREFIX = "bitacora/puntos-de-control"
FORMATO = 1


def _sealed(seq: int, hash_: str, clave: str) -> bytes:
    """What the TSA seals (as its SHA-256): the head's canonical description."""
    return json.dumps({"clave": clave, "hash": hash_, "seq": seq}, sort_keys=True, separators=(",", ":")).encode()


def _timestamp(message: bytes) -> bytes:
    stamper = HTTPTimeStamper(settings.SAI_AUDIT_TSA_URL, timeout=settings.SAI_FIRMA_HTTP_TIMEOUT)
    token = asyncio.run(stamper.async_timestamp(hashlib.sha256(message).digest(), "sha256"))
    return token.dump()


def checkpoint_create() -> PuntoControl | None:
    """Seal the current head (None when it is empty or already sealed). Raises when the TSA does not answer.

    The head entry is re-hashed first: a head that does not verify is never sealed.
    """
    head = CabezaBitacora.objects.filter(pk=1).first()
    if head is None or head.seq == 0 or PuntoControl.objects.filter(seq=head.seq, hash=head.hash).exists():
        return None
    entry = EntradaBitacora.objects.filter(seq=head.seq).first()
    if entry is None or entry.hash != head.hash or entry_hash(entry) != entry.hash:
        raise ApplicationError(f"La cabeza de la bitácora (#{head.seq}) no verifica: no se sella (vea audit_verify).")
    creado, clave = utc_now(), key_id()
    token = _timestamp(_sealed(head.seq, head.hash, clave)) if settings.SAI_AUDIT_TSA_URL else None
    body = {
        "formato": FORMATO,
        "seq": head.seq,
        "hash": head.hash,
        "clave": clave,
        "creado": creado.isoformat(),
        "tsa": settings.SAI_AUDIT_TSA_URL,
        "sello": base64.b64encode(token).decode() if token else None,
    }
    objeto = f"{PREFIX}/{head.seq:012d}-{head.hash[:16]}.json"
    retain_until = creado + timedelta(days=settings.SAI_AUDIT_CHECKPOINT_RETENCION_DIAS)
    bloqueo = write_once_put(key=objeto, content=json.dumps(body, indent=1).encode(), retain_until=retain_until)
    return PuntoControl.objects.create(
        seq=head.seq, hash=head.hash, creado=creado, objeto=objeto, sellado=token is not None, bloqueo=bloqueo
    )


# --- verification -----------------------------------------------------------------------------------------------


@dataclass
class CheckpointReport:
    checked: int = 0
    last_seq: int = 0
    problems: list[str] = field(default_factory=list)  # truncation, rewrite, forged or unreadable checkpoints
    warnings: list[str] = field(default_factory=list)  # weaker than it should be (no timestamp, untrusted TSA)

    @property
    def ok(self) -> bool:
        return not self.problems


def _roots() -> list[x509.Certificate]:
    roots = []
    for name in settings.SAI_AUDIT_TSA_RAICES:
        path = Path(name)
        for file in sorted(path.iterdir()) if path.is_dir() else [path]:
            data = file.read_bytes()
            blocks = [der for _, _, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
            roots += [x509.Certificate.load(der) for der in blocks]
    return roots


def _token_check(token_der: bytes, message: bytes) -> tuple[bool, bool]:
    """(the token is intact and seals exactly `message`, its TSA chains to SAI_AUDIT_TSA_RAICES)."""
    signed_data = cms.ContentInfo.load(token_der)["content"]
    gen_time = signed_data["encap_content_info"]["content"].parsed["gen_time"].native
    roots = _roots()
    context = ValidationContext(
        trust_roots=roots or None,
        allow_fetching=False,
        revocation_mode="soft-fail",
        moment=gen_time,
        retroactive_revinfo=True,
    )
    status = asyncio.run(
        validate_tst_signed_data(signed_data, context, lambda algorithm: hashlib.new(algorithm, message).digest())
    )
    intact = bool(status["intact"] and status["valid"])
    return intact, bool(roots) and intact and status["trust_problem_indic"] is None


def _check_one(objeto: str, body: dict, head_seq: int, report: CheckpointReport) -> None:
    seq, hash_, clave = int(body["seq"]), str(body["hash"]), str(body["clave"])
    if clave != key_id():
        report.problems.append(f"{objeto}: sellado con otra clave HMAC ({clave}); la configurada no es la de la cadena")
    if body.get("sello"):
        intact, trusted = _token_check(base64.b64decode(body["sello"]), _sealed(seq, hash_, clave))
        if not intact:
            report.problems.append(f"{objeto}: el sello de tiempo no corresponde a #{seq} con ese hash (falsificado)")
        elif not trusted:
            report.warnings.append(f"{objeto}: la TSA del sello no encadena a SAI_AUDIT_TSA_RAICES")
    else:
        report.warnings.append(f"{objeto}: sin sello de tiempo (no había SAI_AUDIT_TSA_URL)")
    entry = EntradaBitacora.objects.filter(seq=seq).only("hash").first()
    if entry is None or seq > head_seq:
        report.problems.append(f"truncada: el punto de control {objeto} sella #{seq}; la cadena termina en #{head_seq}")
    elif entry.hash != hash_:
        report.problems.append(f"reescrita: la entrada #{seq} ya no tiene el hash sellado en {objeto}")


def checkpoints_verify(*, head_seq: int) -> CheckpointReport:
    """Check every checkpoint in the storage against its token and against the chain as it is now."""
    report = CheckpointReport()
    for objeto in write_once_list(PREFIX):
        try:
            body = json.loads(write_once_read(objeto))
            _check_one(objeto, body, head_seq, report)
        except (ValueError, KeyError, TypeError) as exc:
            report.problems.append(f"{objeto}: ilegible ({exc})")
            continue
        report.checked += 1
        report.last_seq = max(report.last_seq, int(body["seq"]))
    return report
