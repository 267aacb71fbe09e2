"""assert_pdfa: run veraPDF (installed by deploy/services/verapdf.sh) on PDFs and fail naming the broken rules."""

import os
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VERAPDF = Path(os.environ.get("SAI_VERAPDF", ROOT / ".services" / "verapdf" / "verapdf"))


def assert_pdfa(*pdfs: bytes, flavour: str = "2b") -> None:
    """Every PDF passes veraPDF's PDF/A validation profile (one JVM start for all of them)."""
    if not VERAPDF.exists():
        pytest.fail(f"veraPDF is not installed at {VERAPDF}: run `bash deploy/services/verapdf.sh start`")
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, content in enumerate(pdfs):
            path = Path(folder) / f"{index}.pdf"
            path.write_bytes(content)
            paths.append(str(path))
        result = subprocess.run(  # noqa: S603 - fixed program, our own temporary files
            [str(VERAPDF), "--flavour", flavour, "--format", "xml", *paths],
            capture_output=True,
            timeout=300,
            check=False,
        )
    report = ET.fromstring(result.stdout)  # noqa: S314 - veraPDF's own report on our own files
    jobs = report.findall(".//job")
    assert len(jobs) == len(pdfs), result.stderr.decode(errors="replace")[-2000:]
    failures = []
    for index, job in enumerate(jobs):
        validation = job.find("validationReport")
        if validation is None or validation.get("isCompliant") != "true":
            rules = [
                f"{rule.get('clause')}-{rule.get('testNumber')}: {rule.findtext('description', '').strip()[:160]}"
                for rule in job.iter("rule")
            ]
            failures.append(f"PDF #{index} is not PDF/A-{flavour}:\n  " + "\n  ".join(rules or ["(no report)"]))
    assert not failures, "\n".join(failures)
