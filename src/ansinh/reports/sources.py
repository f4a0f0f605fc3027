"""Computed indicators: the apps whose ``indicators.py`` the reports app reads.

The protocol itself (``Computed``, ``Source``, ``computing``, ``shared``) is in
``ansinh.core.indicators``, below the regimes that implement it.
"""

from __future__ import annotations

from ansinh.core.indicators import Computed, Source, computing, shared

__all__ = ["SOURCE_APPS", "Computed", "Source", "computing", "shared"]

# The apps whose `indicators.py` the reports app reads, in this order.
SOURCE_APPS = ("benefits", "payments", "labour", "unemployment", "poverty", "merit")
