"""Pure scoring: pre-aggregated counts in, scores, quadrants, bands and suppression out.

No Flask and no database here. See DESIGN.md, "Scoring" and "Anonymity".
"""

from .anonymity import (
    DEFAULT_K,
    MAX_K,
    MIN_K,
    CellDecision,
    HiddenReason,
    Suppression,
    aggregate_visible,
    reveals_small_group,
    suppress,
    validate_k,
    visible_cells,
)
from .bands import (
    DEFAULT_THRESHOLDS,
    Audience,
    Band,
    BandReason,
    BandRule,
    BandThresholds,
    RiskLevel,
    band,
    risk_level,
    shown,
)
from .distributions import Distribution, from_answers
from .enemies import (
    EnemiesResult,
    EnemyPrevalence,
    culture_risk_index,
    enemy_prevalence,
    score_enemies,
)
from .ipa import CrosshairMode, IpaPoint, IpaResult, Quadrant, importance_performance, quadrant
from .methodology import Section, methodology
from .practices import PracticeScore, score_practice
from .recommendations import (
    Playbook,
    PlaybookError,
    Recommendation,
    RecommendationKind,
    load_playbook,
    parse_playbook,
    playbook_file,
    recommend,
)
from .scorecard import (
    CategoryScore,
    ScorecardResult,
    category_scores,
    priorities,
    score_scorecard,
    teamwork_index,
)

__all__ = [
    "DEFAULT_K",
    "DEFAULT_THRESHOLDS",
    "MAX_K",
    "MIN_K",
    "Audience",
    "Band",
    "BandReason",
    "BandRule",
    "BandThresholds",
    "CategoryScore",
    "CellDecision",
    "CrosshairMode",
    "Distribution",
    "EnemiesResult",
    "EnemyPrevalence",
    "HiddenReason",
    "IpaPoint",
    "IpaResult",
    "Playbook",
    "PlaybookError",
    "PracticeScore",
    "Quadrant",
    "Recommendation",
    "RecommendationKind",
    "RiskLevel",
    "ScorecardResult",
    "Section",
    "Suppression",
    "aggregate_visible",
    "band",
    "category_scores",
    "culture_risk_index",
    "enemy_prevalence",
    "from_answers",
    "importance_performance",
    "load_playbook",
    "methodology",
    "parse_playbook",
    "playbook_file",
    "priorities",
    "quadrant",
    "recommend",
    "reveals_small_group",
    "risk_level",
    "score_enemies",
    "score_practice",
    "score_scorecard",
    "shown",
    "suppress",
    "teamwork_index",
    "validate_k",
    "visible_cells",
]
