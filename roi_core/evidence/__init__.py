"""Evidence: effects measured from the organisation's own data (step 2 of the method).

:mod:`roi_core.evidence.io` reads CSV or Excel exports into checked tables;
:mod:`roi_core.evidence.estimators` turns them into effects with intervals
and diagnostics; :mod:`roi_core.evidence.adopt` turns an effect into a model
input's range and records where that range came from.
"""

from roi_core.evidence.adopt import (
    EFFECT_INPUTS,
    Adoption,
    PilotSpread,
    adopt_effect,
    adopt_learning,
    effect_range,
    effect_values,
    pilot_spread,
)
from roi_core.evidence.estimators import (
    CONFIDENCE,
    METHODS,
    EffectEstimate,
    GroupSummary,
    Interval,
    LearningSummary,
    estimate_360,
    estimate_effect,
    estimate_frame,
    summarise_learning,
)
from roi_core.evidence.io import (
    LAYOUTS,
    MAX_BYTES,
    MAX_ROWS,
    RATERS,
    EvidenceError,
    Notice,
    Table,
    read_table,
    template_csv,
)

__all__ = [
    "EFFECT_INPUTS",
    "Adoption",
    "adopt_effect",
    "PilotSpread",
    "effect_values",
    "pilot_spread",
    "adopt_learning",
    "effect_range",
    "CONFIDENCE",
    "LAYOUTS",
    "MAX_BYTES",
    "MAX_ROWS",
    "METHODS",
    "RATERS",
    "EffectEstimate",
    "EvidenceError",
    "GroupSummary",
    "Interval",
    "LearningSummary",
    "Notice",
    "Table",
    "estimate_360",
    "estimate_effect",
    "estimate_frame",
    "read_table",
    "summarise_learning",
    "template_csv",
]
