"""The test PKI under `.services/firma/pki/`: generated once with `firma.engine.pki`, reused while it is still fit.

Layout (signature.md §2.1): `raiz` (root) → `intermedia` → signers; `tsa` is issued by the root, `ocsp` (the
responder) by the intermediate; `ajena-raiz` is a root nobody trusts. Every signer's `.key` is SAT format
(PBES2/3DES, password PASSWORD). Regenerated when missing, when the layout or the service URL changed, or when it is
older than MAX_AGE (so "expired", "not yet valid" and "valid" keep their meaning). Also writes `index.txt` and
`tsa.cnf` for `openssl ocsp` / `openssl ts`, the CRLs, and an NSS database that trusts `raiz` for `pdfsig`.

    python -m tests.firma.testpki.pki --dir .services/firma --url http://127.0.0.1:8790
"""

import argparse
import datetime as dt
import json
import shutil
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from firma.engine import pki

PASSWORD = "12345678a"
LAYOUT = 3
MAX_AGE = dt.timedelta(days=120)
CRL_LIFETIME = dt.timedelta(days=7)


@dataclass(frozen=True)
class Titular:
    nombre: str
    rfc: str
    curp: str
    perfil: str = pki.EFIRMA
    estado: str = "vigente"  # vigente | revocado | expirado | futuro
    emisor: str = "intermedia"
    unidad: str = ""


SIGNERS: dict[str, Titular] = {
    "firmante1": Titular("MARIA LOPEZ PEREZ", "LOPM800101AB1", "LOPM800101MDFPRR01"),
    "firmante2": Titular("JUAN GARCIA HERNANDEZ", "GAHJ750315QW2", "GAHJ750315HDFRRN02"),
    "firmante3": Titular("ANA TORRES RUIZ", "TORA820720KJ3", "TORA820720MDFRZN03"),
    "revocado": Titular("PEDRO SANCHEZ DIAZ", "SADP700505LM4", "SADP700505HDFNZD04", estado="revocado"),
    "expirado": Titular("LUIS MARTINEZ GOMEZ", "MAGL650909NP5", "MAGL650909HDFRMS05", estado="expirado"),
    "futuro": Titular("SOFIA RAMIREZ CRUZ", "RACS900214TR6", "RACS900214MDFMRF06", estado="futuro"),
    "sello": Titular(
        "JIMENEZ ESTRADA SALAS A A",
        "JES900109Q90 / KAHO641101B39",
        " / KAHO641101HNTLKS06",
        perfil=pki.SELLO,
        unidad="Jimenez Estrada Salas 1",
    ),
    "sat": Titular("ALBA XKARAJAM MENDEZ", "XAMA620210DQ5", "XAMA620210MSLKNL04", perfil=pki.SAT),
    "ajeno": Titular("CARLOS VEGA MORA", "VEMC880808AA7", "VEMC880808HDFGRR07", emisor="ajena-raiz"),
}
SERIAL_BASE = 30001000000500000000


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def pki_ensure(base_dir: Path, base_url: str) -> bool:
    """Make sure a fit PKI exists under base_dir/pki; return True when it was (re)generated."""
    pki_dir = base_dir / "pki"
    manifest_path = pki_dir / "manifest.json"
    regenerate = True
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        age = _now() - dt.datetime.fromisoformat(manifest["generado"])
        regenerate = manifest.get("layout") != LAYOUT or manifest.get("base_url") != base_url or age > MAX_AGE
    if regenerate:
        if pki_dir.exists():
            shutil.rmtree(pki_dir)
        _generate(pki_dir, base_url.rstrip("/"))
    crls_write(pki_dir)
    nssdb_ensure(base_dir)
    return regenerate


def _write(path: Path, data: bytes, private: bool = False) -> None:
    path.write_bytes(data)
    if private:
        path.chmod(0o600)


def _save_cert(pki_dir: Path, name: str, cert: x509.Certificate) -> None:
    _write(pki_dir / f"{name}.pem", pki.pem(cert))
    _write(pki_dir / f"{name}.cer", pki.der(cert))


def _generate(pki_dir: Path, base_url: str) -> None:
    pki_dir.mkdir(parents=True)
    now = _now()
    long_ago, far = now - dt.timedelta(days=400), now + dt.timedelta(days=3650)
    serials: dict[str, int] = {}

    def ca(name: str, nombre: str, emisor: pki.Emisor | None, **kwargs) -> pki.Emisor:
        key = pki.rsa_key()
        serials[name] = pki.sat_serial(SERIAL_BASE + len(serials) + 1)
        cert = pki.ca_certificate(
            subject=pki.ca_subject(nombre, "SAI Pruebas"),
            key=key,
            serial=serials[name],
            not_before=long_ago,
            not_after=far,
            emisor=emisor,
            **kwargs,
        )
        _save_cert(pki_dir, name, cert)
        _write(pki_dir / f"{name}.key.pem", pki.key_pem(key), private=True)
        return pki.Emisor(cert, key)

    raiz = ca("raiz", "SAI Pruebas AC Raiz", None, path_length=1)
    intermedia = ca(
        "intermedia",
        "SAI Pruebas AC Intermedia",
        raiz,
        path_length=0,
        ca_issuers_url=f"{base_url}/certs/raiz.cer",
        crl_url=f"{base_url}/crl/raiz.crl",
    )
    ajena = ca("ajena-raiz", "AC Ajena No Confiable", None, path_length=0)
    emisores = {"intermedia": intermedia, "ajena-raiz": ajena}

    def leaf(name: str, subject: x509.Name, emisor: pki.Emisor, perfil: str, **kwargs):
        key = pki.rsa_key()
        serials[name] = pki.sat_serial(SERIAL_BASE + len(serials) + 1)
        cert = pki.leaf_certificate(
            subject=subject, public_key=key.public_key(), emisor=emisor, serial=serials[name], perfil=perfil, **kwargs
        )
        _save_cert(pki_dir, name, cert)
        return cert, key

    _tsa_cert, tsa_key = leaf(
        "tsa",
        pki.ca_subject("SAI Pruebas TSA", "SAI Pruebas"),
        raiz,
        pki.TSA,
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=1800),
        crl_url=f"{base_url}/crl/raiz.crl",
    )
    _write(pki_dir / "tsa.key.pem", pki.key_pem(tsa_key), private=True)
    _, ocsp_key = leaf(
        "ocsp",
        pki.ca_subject("SAI Pruebas OCSP", "SAI Pruebas"),
        intermedia,
        pki.OCSP,
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=730),
    )
    _write(pki_dir / "ocsp.key.pem", pki.key_pem(ocsp_key), private=True)

    index_lines, revoked = [], []
    for name, titular in SIGNERS.items():
        not_before, not_after = now - dt.timedelta(days=1), now + dt.timedelta(days=730)
        if titular.estado == "expirado":
            not_before, not_after = now - dt.timedelta(days=400), now - dt.timedelta(days=2)
        elif titular.estado == "futuro":
            not_before, not_after = now + dt.timedelta(days=365), now + dt.timedelta(days=1095)
        own_services = titular.perfil != pki.SAT and titular.emisor == "intermedia"
        cert, key = leaf(
            name,
            pki.sat_subject(
                nombre=titular.nombre,
                rfc=titular.rfc,
                curp=titular.curp,
                email=f"{name}@pruebas.sai.local",
                unidad=titular.unidad,
            ),
            emisores[titular.emisor],
            titular.perfil,
            not_before=not_before,
            not_after=not_after,
            ocsp_url=f"{base_url}/ocsp" if own_services else "",
            crl_url=f"{base_url}/crl/intermedia.crl" if own_services else "",
        )
        _write(pki_dir / f"{name}.key", pki.sat_key_der(key, PASSWORD.encode()), private=True)
        if titular.emisor != "intermedia":
            continue
        expiry = not_after.strftime("%y%m%d%H%M%SZ")
        serial_hex = f"{cert.serial_number:X}"
        serial_hex = serial_hex if len(serial_hex) % 2 == 0 else "0" + serial_hex
        dn = "/CN=" + titular.nombre
        if titular.estado == "revocado":
            when = now - dt.timedelta(hours=1)
            revoked.append((cert.serial_number, when.isoformat()))
            index_lines.append(
                f"R\t{expiry}\t{when.strftime('%y%m%d%H%M%SZ')},keyCompromise\t{serial_hex}\tunknown\t{dn}"
            )
        else:
            index_lines.append(f"V\t{expiry}\t\t{serial_hex}\tunknown\t{dn}")
    (pki_dir / "index.txt").write_text("\n".join(index_lines) + "\n")
    (pki_dir / "index.txt.attr").write_text("unique_subject = no\n")
    (pki_dir / "tsaserial").write_text("01\n")
    (pki_dir / "tsa.cnf").write_text(_TSA_CNF.format(dir=pki_dir))
    (pki_dir / "manifest.json").write_text(
        json.dumps(
            {
                "layout": LAYOUT,
                "base_url": base_url,
                "generado": now.isoformat(),
                "serials": serials,
                "revocados": revoked,
            },
            indent=2,
        )
    )


_TSA_CNF = """\
[ tsa ]
default_tsa = tsa_config1
[ tsa_config1 ]
dir = {dir}
serial = $dir/tsaserial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/raiz.pem
signer_key = $dir/tsa.key.pem
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1.1
other_policies = 1.3.6.1.4.1.99999.1.2
digests = sha256, sha384, sha512
accuracy = secs:1
clock_precision_digits = 0
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def _emisor(pki_dir: Path, name: str) -> pki.Emisor:
    cert = x509.load_pem_x509_certificate((pki_dir / f"{name}.pem").read_bytes())
    key = serialization.load_pem_private_key((pki_dir / f"{name}.key.pem").read_bytes(), password=None)
    return pki.Emisor(cert, key)


def crls_write(pki_dir: Path, force: bool = False) -> None:
    """(Re)issue `crl/raiz.crl` and `crl/intermedia.crl` when missing or within a day of their next update."""
    crl_dir = pki_dir / "crl"
    crl_dir.mkdir(exist_ok=True)
    manifest = json.loads((pki_dir / "manifest.json").read_text())
    now = _now()
    for name, revoked in (("raiz", []), ("intermedia", manifest["revocados"])):
        path = crl_dir / f"{name}.crl"
        if path.exists() and not force:
            current = x509.load_der_x509_crl(path.read_bytes())
            if current.next_update_utc and current.next_update_utc - now > dt.timedelta(days=1):
                continue
        crl = pki.crl_build(
            emisor=_emisor(pki_dir, name),
            revocados=[(serial, dt.datetime.fromisoformat(when)) for serial, when in revoked],
            number=int(now.timestamp()),
            this_update=now - dt.timedelta(minutes=5),
            next_update=now + CRL_LIFETIME,
        )
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(crl.public_bytes(serialization.Encoding.DER))
        tmp.replace(path)


def nssdb_ensure(base_dir: Path) -> None:
    """An NSS database for `pdfsig -nssdir` that trusts the test root (and knows the intermediate)."""
    certutil = shutil.which("certutil")
    if certutil is None:
        return
    nssdb, pki_dir = base_dir / "nssdb", base_dir / "pki"
    stamp = nssdb / "pki-generado"
    generado = json.loads((pki_dir / "manifest.json").read_text())["generado"]
    if stamp.exists() and stamp.read_text() == generado:
        return
    if nssdb.exists():
        shutil.rmtree(nssdb)
    nssdb.mkdir(parents=True)
    db = f"sql:{nssdb}"
    subprocess.run([certutil, "-N", "-d", db, "--empty-password"], check=True, capture_output=True)  # noqa: S603
    for name, trust in (("raiz", "CT,C,C"), ("intermedia", ",,")):
        subprocess.run(  # noqa: S603
            [certutil, "-A", "-d", db, "-n", f"sai-pruebas-{name}", "-t", trust, "-i", str(pki_dir / f"{name}.pem")],
            check=True,
            capture_output=True,
        )
    stamp.write_text(generado)


@dataclass(frozen=True)
class PkiPrueba:
    """Read access to a generated test PKI (for tests and the benchmark)."""

    base_dir: Path

    @property
    def dir(self) -> Path:
        return self.base_dir / "pki"

    @cached_property
    def manifest(self) -> dict:
        return json.loads((self.dir / "manifest.json").read_text())

    @property
    def base_url(self) -> str:
        return self.manifest["base_url"]

    @property
    def nssdb(self) -> Path:
        return self.base_dir / "nssdb"

    def cer(self, name: str) -> bytes:
        return (self.dir / f"{name}.cer").read_bytes()

    def key(self, name: str) -> bytes:
        """The SAT-format encrypted `.key` (password PASSWORD)."""
        return (self.dir / f"{name}.key").read_bytes()

    def cert(self, name: str) -> x509.Certificate:
        return x509.load_der_x509_certificate(self.cer(name))

    def path(self, name: str) -> Path:
        return self.dir / name


def main() -> None:
    parser = argparse.ArgumentParser(description="Generate or reuse SAI's test PKI.")
    parser.add_argument("--dir", required=True, type=Path)
    parser.add_argument("--url", required=True, help="base URL of the loopback TSA/OCSP/CRL server")
    args = parser.parse_args()
    regenerated = pki_ensure(args.dir, args.url)
    print("generated" if regenerated else "reused")


if __name__ == "__main__":
    main()
