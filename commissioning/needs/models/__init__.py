"""The needs app's records: areas and neighbours, indicators and values, analyses and priorities."""

from commissioning.needs.models.analysis import AnalysisStatus, EvidenceSource, NeedsAnalysis, Priority
from commissioning.needs.models.areas import (
    Area,
    AreaAlias,
    AreaType,
    AuthorityKind,
    NeedsSettings,
    Neighbour,
    NeighbourSet,
)
from commissioning.needs.models.indicators import (
    UNIT_MULTIPLIER,
    Frequency,
    ImportBatch,
    ImportFormat,
    Indicator,
    IndicatorValue,
    IndicatorValueChange,
    Polarity,
    StagedImport,
    Suppression,
    Unit,
)

__all__ = [
    "UNIT_MULTIPLIER",
    "AnalysisStatus",
    "Area",
    "AreaAlias",
    "AreaType",
    "AuthorityKind",
    "EvidenceSource",
    "Frequency",
    "ImportBatch",
    "ImportFormat",
    "Indicator",
    "IndicatorValue",
    "IndicatorValueChange",
    "NeedsAnalysis",
    "NeedsSettings",
    "Neighbour",
    "NeighbourSet",
    "Polarity",
    "Priority",
    "StagedImport",
    "Suppression",
    "Unit",
]
