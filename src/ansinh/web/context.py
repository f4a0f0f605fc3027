from __future__ import annotations


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_can": {cap: user.can(cap) for cap in ("registry.view", "registry.change", "audit.search")}}
