"""The words of a scorrimento's stages, shared by the console and the graduatoria workbook."""

from __future__ import annotations

from decimal import Decimal

from wecare_cli.i18n import formatting
from wecare_cli.i18n.catalog import ntext, text
from wecare_cli.i18n.lang import Lang
from wecare_cli.ranking.model import StageRef
from wecare_cli.ranking.scorrimento import EnvelopeStage, Stage, StageGrant

MAX_LISTED = 50
"""Applications named one by one in a stage's "funded as a result"; the rest are counted."""


def money(amount: Decimal | None, lang: Lang) -> str:
    """An amount the way an officer writes it (cents only when it has some)."""
    return formatting.money(amount, lang) or text("unknown", lang)


def envelope_name(measure: str | None, line: str | None) -> str:
    """``FSE2 territoriale``, or the measure alone when it has no lines."""
    code = measure or "?"
    return f"{code} {line}" if line else code


def stage_event(stage: Stage, lang: Lang) -> str:
    """``Rinuncia FSE2-002`` / ``Incremento della dotazione FSE3 attivazione`` / ``Graduatoria approvata``."""
    event = stage.event
    if event is None:
        return text("stage-approved", lang)
    kind = text(f"event-kind-{event.kind}", lang)
    if event.application is not None:
        return f"{kind} {event.application}"
    envelope = stage.envelopes[0]
    return f"{kind} {envelope_name(envelope.measure, envelope.line)}"


def _grant(grant: StageGrant, lang: Lang) -> str:
    if grant.before > 0:
        return text(
            "stage-topped-up",
            lang,
            application=grant.application_id or "?",
            amount=money(grant.after - grant.before, lang),
        )
    return f"{grant.application_id or '?'} {money(grant.after, lang)}"


def stage_funded(stage: Stage, envelope: EnvelopeStage, lang: Lang) -> str:
    """Who the stage funded, one per line (stage 0: how many); at most :data:`MAX_LISTED` named."""
    funded = envelope.funded
    if stage.event is None:
        return ntext("stage-funded-count", len(funded), lang)
    if not funded:
        return text("stage-funded-nobody", lang)
    lines = [_grant(grant, lang) for grant in funded[:MAX_LISTED]]
    if len(funded) > MAX_LISTED:
        lines.append(ntext("stage-funded-more", len(funded) - MAX_LISTED, lang))
    return "\n".join(lines)


def status_act(ref: StageRef | None, lang: Lang) -> str | None:
    """The stage that set an application's current status: its act and day, or the approval."""
    if ref is None:
        return None
    if ref.day is None or ref.act is None:
        return text("stage-approved", lang)
    return text("stage-act", lang, act=ref.act, date=formatting.day(ref.day, lang), stage=ref.stage)
