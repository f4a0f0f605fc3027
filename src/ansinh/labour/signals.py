"""Signals other apps listen to, so that the labour market does not import them.

`seeker_placed` is sent inside the transaction that records a placement (or a seeker reporting a job):
an unemployment-benefit claim stops from it. Arguments: `seeker` (JobSeeker), `on` (date the job
starts), `actor` (the user), `source` ("placement" | "self_reported").
"""

from django.dispatch import Signal

seeker_placed = Signal()
