"""Loopback HTTP front for the test PKI's services: OpenSSL's own TSA and OCSP responder, plus CRLs and CA certs.

POST /tsa          RFC 3161 query  → `openssl ts -reply`   (serialised: openssl keeps its serial in a file)
POST /ocsp         RFC 6960 request → `openssl ocsp -reqin` (one-shot, so nothing listens on other interfaces)
GET  /crl/<n>.crl  CRLs issued by `tests.firma.testpki.pki.crls_write` (refreshed before they go stale)
GET  /certs/<n>.cer CA certificates (AIA caIssuers)
GET  /salud        readiness probe; answers the PKI folder it serves (two checkouts must not share one)

python -m tests.firma.testpki.server --dir .services/firma --port 8790
"""

import argparse
import subprocess
import tempfile
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.firma.testpki.pki import crls_write

MAX_BODY = 64 * 1024
PUBLIC_CERTS = {"raiz", "intermedia", "tsa", "ocsp"}
CRLS = {"raiz", "intermedia"}


class Handler(BaseHTTPRequestHandler):
    server_version = "SAIFirmaPruebas/1"
    pki_dir: Path
    tsa_lock = threading.Lock()
    crl_lock = threading.Lock()

    def log_message(self, format, *args):
        print(f"{self.address_string()} {format % args}", flush=True)

    def _send(self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        parts = self.path.split("?", 1)[0].strip("/").split("/")
        if parts == ["salud"]:
            return self._send(HTTPStatus.OK, f"ok {self.pki_dir.resolve()}\n".encode())
        if len(parts) == 2 and parts[0] == "crl" and parts[1].removesuffix(".crl") in CRLS:
            with self.crl_lock:
                crls_write(self.pki_dir)
            body = (self.pki_dir / "crl" / parts[1]).read_bytes()
            return self._send(HTTPStatus.OK, body, "application/pkix-crl")
        if len(parts) == 2 and parts[0] == "certs" and parts[1].removesuffix(".cer") in PUBLIC_CERTS:
            return self._send(HTTPStatus.OK, (self.pki_dir / parts[1]).read_bytes(), "application/pkix-cert")
        return self._send(HTTPStatus.NOT_FOUND, b"no encontrado\n")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length <= 0 or length > MAX_BODY:
            return self._send(HTTPStatus.BAD_REQUEST, b"cuerpo invalido\n")
        body = self.rfile.read(length)
        route = self.path.split("?", 1)[0].rstrip("/")
        if route == "/tsa":
            with self.tsa_lock:
                answer = self._openssl(body, self._tsa_command)
            return self._reply(answer, "application/timestamp-reply")
        if route == "/ocsp":
            return self._reply(self._openssl(body, self._ocsp_command), "application/ocsp-response")
        return self._send(HTTPStatus.NOT_FOUND, b"no encontrado\n")

    def _reply(self, answer: bytes | None, content_type: str) -> None:
        if answer is None:
            return self._send(HTTPStatus.INTERNAL_SERVER_ERROR, b"openssl fallo\n")
        return self._send(HTTPStatus.OK, answer, content_type)

    def _tsa_command(self, request: Path, response: Path) -> list[str]:
        config = str(self.pki_dir / "tsa.cnf")
        return ["openssl", "ts", "-reply", "-config", config, "-queryfile", str(request), "-out", str(response)]

    def _ocsp_command(self, request: Path, response: Path) -> list[str]:
        d = self.pki_dir
        return [
            "openssl", "ocsp", "-index", str(d / "index.txt"), "-CA", str(d / "intermedia.pem"),
            "-rsigner", str(d / "ocsp.pem"), "-rkey", str(d / "ocsp.key.pem"), "-ndays", "1",
            "-reqin", str(request), "-respout", str(response),
        ]  # fmt: skip

    def _openssl(self, body: bytes, command) -> bytes | None:
        with tempfile.TemporaryDirectory(prefix="sai-firma-") as tmp:
            request, response = Path(tmp) / "req.der", Path(tmp) / "resp.der"
            request.write_bytes(body)
            result = subprocess.run(command(request, response), capture_output=True, timeout=30)  # noqa: S603
            if result.returncode != 0 or not response.exists():
                print(result.stderr.decode(errors="replace"), flush=True)
                return None
            return response.read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description="Loopback TSA / OCSP / CRL server for SAI's tests.")
    parser.add_argument("--dir", required=True, type=Path)
    parser.add_argument("--port", type=int, default=8790)
    args = parser.parse_args()
    Handler.pki_dir = (args.dir / "pki").resolve()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"escuchando en http://127.0.0.1:{args.port} (pki: {Handler.pki_dir})", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
