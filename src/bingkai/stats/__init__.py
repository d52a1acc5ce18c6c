"""Statistics on counts: plain numbers in, a tidy frame out, no corpus needed.

Each function takes counts (scalars, arrays or frames) a researcher may also have from
another tool, so they can be checked against published worked examples: keyness of a
term in two or k corpora, association of a node and a collocate, dispersion over
corpus parts, the weighted log-odds ratio, confidence intervals of proportions.

The views (``bingkai.views``) count a ``Corpus`` and call these. Depends only on the
bottom modules (``errors``).
"""

from bingkai.stats._association import ASSOCIATION_COLUMNS, association
from bingkai.stats._dispersion import DISPERSION_COLUMNS, dispersion
from bingkai.stats._keyness import (CI_CORRECTIONS, KEYNESS_SCORE_COLUMNS, LOG_RATIO_ZERO, MULTI_COLUMNS,
                                    as_counts, keyness, log_ratio_interval, multi_keyness)
from bingkai.stats._log_odds import LOG_ODDS_COLUMNS, log_odds
from bingkai.stats._proportions import check_ci, proportion_ci

__all__ = ["ASSOCIATION_COLUMNS", "CI_CORRECTIONS", "DISPERSION_COLUMNS", "KEYNESS_SCORE_COLUMNS",
           "LOG_ODDS_COLUMNS", "LOG_RATIO_ZERO", "MULTI_COLUMNS", "as_counts", "check_ci",
           "association", "dispersion", "keyness", "log_odds",
           "log_ratio_interval", "multi_keyness", "proportion_ci"]
