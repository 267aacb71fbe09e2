"""The signing engine: PAdES signing and validation, certificates, trust, revocation and PDF preparation.

Plain Python over pyHanko and cryptography, with no Django: firma's services (firma.services) store and audit what
the engine produces, and scripts and benchmarks use it directly with a FirmaConfig. Its refusals (errors.py) are
the platform's ApplicationError kinds so every caller maps them the same way.
"""
