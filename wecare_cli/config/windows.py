"""Deadlines in force and call windows: when each measure, line and phase accepts submissions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from wecare_cli.config.measures import Deadline, Line, Measure


@dataclass(frozen=True)
class CallWindow:
    """The submission window of one line and phase of a measure."""

    measure: str
    line: str | None
    phase: str | None
    opens: datetime | None
    """First accepted instant (sportello), or None when the call sets no opening."""
    deadline: Deadline | None
    """The deadline in force (the last extension), or None when none is configured."""
    closes: datetime | None
    """The deadline as an aware instant, or None when it is unknown."""
    extensions: int
    """How many times the deadline was extended (proroghe)."""

    def is_on_time(self, submitted: datetime) -> bool | None:
        """Whether a submission instant is within the deadline; None when the deadline is unknown."""
        if self.closes is None or self.deadline is None:
            return None
        return submitted <= self.closes if self.deadline.inclusive else submitted < self.closes

    def is_open_on(self, day: date, zone: ZoneInfo) -> bool | None:
        """Whether the window accepts submissions at some moment of a calendar day (Rome time)."""
        start = datetime.combine(day, time(0, 0), tzinfo=zone)
        end = start + timedelta(days=1)
        if self.opens is not None and self.opens >= end:
            return False
        if self.closes is None:
            return None
        return (
            self.closes >= start
            if self.deadline is None or self.deadline.inclusive
            else (self.closes > start)
        )


def window_for(measure: Measure, line: Line | None, phase: str | None, zone: ZoneInfo) -> CallWindow:
    """The submission window that applies to an application of this measure, line and phase."""
    history = measure.deadlines_for(line, phase)
    in_force = history[-1] if history else None
    opening = measure.opening_for(line)
    effective_phase = phase if phase is not None or not measure.phases else measure.phases[0].code
    return CallWindow(
        measure=measure.code,
        line=line.code if line is not None else None,
        phase=effective_phase,
        opens=opening.opens(zone) if opening is not None else None,
        deadline=in_force,
        closes=in_force.closes(zone) if in_force is not None else None,
        extensions=sum(1 for d in history if d.kind == "proroga"),
    )


def windows(measure: Measure, zone: ZoneInfo) -> list[CallWindow]:
    """Every window of a measure: one per line (or the measure itself) and phase."""
    lines: list[Line | None] = list(measure.lines) or [None]
    phases: list[str | None] = [p.code for p in measure.phases] or [None]
    return [window_for(measure, line, phase, zone) for line in lines for phase in phases]


def deadline_in_force(measure: Measure, zone: ZoneInfo) -> datetime | None:
    """The latest known deadline in force across the measure's lines and phases."""
    known = [w.closes for w in windows(measure, zone) if w.closes is not None]
    return max(known) if known else None


def is_open_on(measure: Measure, day: date, zone: ZoneInfo) -> bool | None:
    """True if any window is open that day; None if none is known to be open and some is unknown."""
    states = [w.is_open_on(day, zone) for w in windows(measure, zone)]
    if any(state is True for state in states):
        return True
    if any(state is None for state in states):
        return None
    return False
