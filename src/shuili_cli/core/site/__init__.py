"""What the county's static site shows (``shuili site``), as frozen data: no HTML here.

:func:`overview` gives the county page: the headline figures of the last complete month on or
before D with their change from the month before and a 12-month series each, the four-colour
distribution of risk points and of the enterprises' overall ratings as of D, the table of
enterprises and the alerts as of D. :func:`enterprise_page` gives one enterprise's page
(一企一档). The month's forms and what each number counted are the figures engine's own
:class:`~shuili_cli.core.figures.figures.Figures`, which :attr:`Overview.forms` carries.

The headline month is the last COMPLETE month on or before D (D itself when it is a month's last
day): month-on-month changes then compare whole months, as the forms the bureau submits do.
Everything else (table, charts of the distribution, enterprise pages, alerts) is as of D.
"""

from __future__ import annotations

from shuili_cli.core.site.build import SiteData, enterprise_page, headline_period, load_site
from shuili_cli.core.site.pages import (
    AwardRow,
    ChecklistRow,
    Count,
    EnterprisePage,
    EnterpriseRow,
    GradeRow,
    HazardRow,
    Metric,
    Overview,
    RatingRow,
    RiskRow,
    ScorePoint,
    SixHaveRow,
    TierGroup,
)

__all__ = ["AwardRow", "ChecklistRow", "Count", "EnterprisePage", "EnterpriseRow", "GradeRow", "HazardRow",
           "Metric", "Overview", "RatingRow", "RiskRow", "ScorePoint", "SiteData", "SixHaveRow", "TierGroup",
           "enterprise_page", "headline_period", "load_site"]
