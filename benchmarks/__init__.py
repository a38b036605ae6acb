"""Cohort statistics, peer percentiles, archetype clusters and the demo cohort."""
