"""Campaign dashboard and company trends: charts and tables for leaders and admins."""
