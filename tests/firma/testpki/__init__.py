"""Test-only helpers: the generated PKI and the loopback TSA/OCSP/CRL server started by deploy/services/firma.sh."""
