"""The unemployment benefit listens to the labour market: a placement stops the claim."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.dispatch import receiver

from ansinh.core.actors import Actor
from ansinh.labour.signals import seeker_placed


@receiver(seeker_placed, dispatch_uid="unemployment.stop_on_placement")
def stop_claim_on_placement(
    sender: Any, *, seeker: Any, on: dt.date, actor: Actor, source: str, **kwargs: Any
):
    from ansinh.unemployment.services import stop_on_placement

    stop_on_placement(seeker=seeker, on=on, actor=actor, source=source)
