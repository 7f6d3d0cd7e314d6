"""Messages of the findings raised by the eligibility and deadline rules (see finding_messages)."""

from __future__ import annotations

RULE_MESSAGES: dict[str, dict[str, str]] = {}
