"""LibreOffice for the tests that open our reports in a real office suite.

CI installs it (``.ci/run``) and these tests must run there: without it they fail under CI
(the ``CI`` environment variable is set) and are skipped only on a developer's machine.
"""

from __future__ import annotations

import os
import shutil

import pytest


def office() -> str:
    """The LibreOffice binary; a failure in CI, a skip elsewhere, when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    reason = "LibreOffice (soffice or libreoffice) is not installed"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must install libreoffice-calc (see .ci/run)")
    pytest.skip(reason)
