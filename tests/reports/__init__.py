"""Tests of the reports: the graduatoria workbook."""
