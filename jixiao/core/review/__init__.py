"""Target review (绩效目标审核): the automatic checks of RULES.md section 4."""

from . import goals, rules  # noqa: F401  (importing registers the rules)
from .engine import (
    DEFAULT_PROFILE,
    PROFILES,
    RULES,
    SEVERITY_LABEL,
    Finding,
    Profile,
    Severity,
    has_errors,
    review,
)

__all__ = ["DEFAULT_PROFILE", "PROFILES", "RULES", "SEVERITY_LABEL", "Finding", "Profile", "Severity", "has_errors",
           "review"]
