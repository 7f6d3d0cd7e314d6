"""wecare: check, rank and report applications to the WE.CA.RE. measures of Regione Piemonte.

A library first; the ``wecare`` command is a thin layer over it. In a notebook::

    from wecare_cli import check, rank

    result = check(["domande.xlsx"], as_of=date(2019, 12, 1))
    result.findings_frame()          # one row per finding: application, file, sheet, row, code...
    rank("domande.xlsx").ranking_frame()
    rank("domande.xlsx", events="eventi.yaml").scorrimento   # the stages after the approval

Names are imported on first use, so that ``import wecare_cli`` (and ``wecare --help``) stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from wecare_cli.config import Configuration, load_configuration
    from wecare_cli.errors import ConfigError, InputFileError, OutputError, WecareError
    from wecare_cli.evaluation import check, rank
    from wecare_cli.findings import Finding, Severity
    from wecare_cli.i18n.errors import describe
    from wecare_cli.ranking.model import Envelope, RankedApplication, RankingResult, RankStatus
    from wecare_cli.verdicts import CheckResult, Verdict

    RankResult = RankingResult

_EXPORTS: dict[str, tuple[str, str]] = {
    "load_configuration": ("wecare_cli.config", "load_configuration"),
    "Configuration": ("wecare_cli.config", "Configuration"),
    "check": ("wecare_cli.evaluation", "check"),
    "rank": ("wecare_cli.evaluation", "rank"),
    "CheckResult": ("wecare_cli.verdicts", "CheckResult"),
    "Verdict": ("wecare_cli.verdicts", "Verdict"),
    "RankingResult": ("wecare_cli.ranking.model", "RankingResult"),
    "RankResult": ("wecare_cli.ranking.model", "RankingResult"),
    "Envelope": ("wecare_cli.ranking.model", "Envelope"),
    "RankedApplication": ("wecare_cli.ranking.model", "RankedApplication"),
    "RankStatus": ("wecare_cli.ranking.model", "RankStatus"),
    "Finding": ("wecare_cli.findings", "Finding"),
    "Severity": ("wecare_cli.findings", "Severity"),
    "WecareError": ("wecare_cli.errors", "WecareError"),
    "ConfigError": ("wecare_cli.errors", "ConfigError"),
    "InputFileError": ("wecare_cli.errors", "InputFileError"),
    "OutputError": ("wecare_cli.errors", "OutputError"),
    "describe": ("wecare_cli.i18n.errors", "describe"),
}

__all__ = [
    "CheckResult",
    "ConfigError",
    "Configuration",
    "Envelope",
    "Finding",
    "InputFileError",
    "OutputError",
    "RankResult",
    "RankStatus",
    "RankedApplication",
    "RankingResult",
    "Severity",
    "Verdict",
    "WecareError",
    "__version__",
    "check",
    "describe",
    "load_configuration",
    "rank",
]


def __getattr__(name: str) -> Any:
    """Import a public name the first time it is used."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'wecare_cli' has no attribute {name!r}")
    module, attribute = _EXPORTS[name]
    if module != "wecare_cli.i18n.errors":
        import_module("wecare_cli.i18n.errors")  # str(error) words the error in English
    value = getattr(import_module(module), attribute)
    globals()[name] = value
    return value
