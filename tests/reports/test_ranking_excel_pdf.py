"""The graduatoria workbook opens in LibreOffice and prints: every sheet converts to PDF pages."""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from tests.applications import make_application, run
from tests.office import office
from wecare_cli.config import Configuration
from wecare_cli.i18n.lang import Lang
from wecare_cli.ranking import rank_check
from wecare_cli.reports.ranking_excel import write_ranking_workbook

PAGE = re.compile(rb"/Type\s*/Page[^s]")


@pytest.mark.slow
def test_libreoffice_converts_the_workbook_to_a_pdf_with_every_sheet(
    tmp_path: Path, configuration: Configuration
) -> None:
    binary = office()
    applications = [
        make_application(
            row=4 + i,
            application_id=f"FSE3-{i:03d}",
            score=Decimal(90 - i),
            applicant_name='=HYPERLINK("http://x","y")' if i == 3 else f"Cooperativa sociale {i}",
        )
        for i in range(40)
    ]
    applications.append(make_application(row=50, application_id="BAD", applicant_type="comune"))
    workbook = write_ranking_workbook(
        rank_check(run(configuration, applications)), tmp_path / "graduatoria.xlsx", Lang.IT
    )
    out = tmp_path / "pdf"
    completed = subprocess.run(
        [
            binary,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(workbook),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    pdf = out / "graduatoria.pdf"
    assert completed.returncode == 0, completed.stderr.decode(errors="replace")
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF-")
    # Nine visible sheets, each at least one page; the hidden _wecare sheet is not printed.
    assert len(PAGE.findall(content)) >= 9
