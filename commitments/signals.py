"""What commitments announce to the floors above them (notifications tells the people
concerned), since commitments may not import them (docs/design.md, "Floors of the house").

`allocation_returned` is sent after the transaction that recorded the return commits, with
`allocation_return` (commitments.AllocationReturn).
"""

from django.dispatch import Signal

allocation_returned = Signal()
