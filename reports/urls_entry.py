"""Monthly entry, review and report pages (the entry workflow)."""

urlpatterns = []
