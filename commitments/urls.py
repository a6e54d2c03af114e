"""Commitments: list, workbook import, allocation, phasing, revisions."""

urlpatterns = []
