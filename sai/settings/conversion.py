"""Document conversion (sai/core/conversion.py): the LibreOffice binary and how long one conversion may take."""

from sai.settings.env import env_int, env_str

__all__ = ["SAI_CONVERSION_TIMEOUT", "SAI_SOFFICE"]

# LibreOffice's launcher: a name looked up in PATH, or an absolute path. deploy/services/office.sh installs it.
SAI_SOFFICE = env_str("SAI_SOFFICE", "soffice")
# Seconds one DOCX → PDF conversion may run before it is killed (a hung or hostile document).
SAI_CONVERSION_TIMEOUT = env_int("SAI_CONVERSION_TIMEOUT", 120)
