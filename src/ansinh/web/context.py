"""What every page's layout needs: which navigation entries the user may see, and who is logged in."""

from __future__ import annotations

NAV_CAPABILITIES = (
    "registry.view",
    "registry.change",
    "registry.history",
    "audit.search",
    "accounts.manage",
    "benefits.view",
    "benefits.simulate",
    "merit.view",
    "merit.change",
    "payments.view",
    "labour.view",
    "labour.change",
    "unemployment.view",
    "poverty.view",
    "programmes.view",
    "programmes.define",
    "reports.view",
    "reports.catalogue",
    "linkage.review",
    "documents.view",
)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Keys use underscores so templates can read them: {% if nav_can.registry_change %}.
    can = {cap.replace(".", "_"): user.can(cap) for cap in NAV_CAPABILITIES}
    return {
        "nav_can": can,
        "current_role": user.get_role_display() if getattr(user, "role", "") else "",
        "current_scope": user.scope_unit.name if getattr(user, "scope_unit_id", None) else None,
    }
