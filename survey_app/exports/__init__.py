"""Downloads of a campaign's suppressed aggregates (CSV and XLSX), built from campaign_results."""
