from django.db import models


class PendingBump(models.Model):
    """A data version bump that did not reach the cache (Redis stopped, unreachable or refusing
    writes), kept where every process can see it: until one delivers it, no process trusts the
    cache (payesh/dataversion.py, "When a bump does not reach the cache")."""

    created = models.DateTimeField(auto_now_add=True)
    # the write touched a reference list: the reference version is owed a bump too
    reference = models.BooleanField(default=False)

    def __str__(self):
        return f"data version bump owed since {self.created:%Y-%m-%d %H:%M:%S}"
