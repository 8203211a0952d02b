"""The KPI plan page: the plan and its link (kpi_plan) and its editor widgets (kpi_editor)."""
