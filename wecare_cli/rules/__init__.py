"""The rules of `wecare check`: each declared with its code, severity, stage and what it reads.

:data:`RULES` is every rule, in run order (see :func:`wecare_cli.rules.registry.run_order`). A new
rule is one declared function in a rule module, added here, plus its message and its tests.
"""

from __future__ import annotations

from wecare_cli.rules import eligibility, identity, partnership, timeliness
from wecare_cli.rules.registry import Rule, run_order
from wecare_cli.rules.resolution import RESOLUTION_CODES

DECLARED: tuple[Rule, ...] = (
    timeliness.submitted_in_the_future,
    timeliness.submission_time_missing,
    timeliness.deadline_missed,
    timeliness.submitted_before_opening,
    eligibility.applicant_type_not_allowed,
    eligibility.value_required_by_call,
    eligibility.requested_exceeds_total_cost,
    eligibility.amount_out_of_range,
    eligibility.cofinancing_below_minimum,
    partnership.partnership_missing_third_sector,
    identity.duplicate_application,
    identity.duplicate_applicant,
    partnership.district_duplicate_application,
    partnership.third_sector_partner_over_limit,
)
"""Every rule, as declared (the order among rules that do not depend on each other)."""

RULES: tuple[Rule, ...] = run_order(DECLARED, earlier_codes=(c.code for c in RESOLUTION_CODES))
"""Every rule in the order the registry runs them."""

__all__ = ["DECLARED", "RULES", "Rule"]
