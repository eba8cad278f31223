"""Charted PDF reports: HTML for print, SVG charts through Kaleido, PDF through WeasyPrint.

The pipeline is ``document.render_pdf(campaign.campaign_report(campaign))``. The submodules
import Plotly and WeasyPrint, so they are imported where a report is made, not at start-up.
"""

from .errors import ReportError

__all__ = ["ReportError"]
