"""Demo users: one per role, scoped to the demo province and its first commune, and a second province
officer: a payment cycle prepared by one officer is approved by another (maker-checker)."""

from __future__ import annotations

from ansinh.accounts.models import User
from ansinh.accounts.roles import Role
from ansinh.accounts.services import user_create
from ansinh.geo.models import AdminUnit

DEMO_PASSWORD = "ansinh-demo-2026"  # noqa: S105 - printed by make demo on purpose


# The two province officers of the maker-checker rule on payment cycles.
NOTES = {"so_canbo": " (lập chi trả)", "so_pheduyet": " (phê duyệt chi trả)"}


def demo_users(*, province_code: str) -> list[tuple[str, str, str]]:
    """Create (once) the demo users; returns (username, role label, scope) rows."""
    province = AdminUnit.objects.current().get(level="province", code=province_code)
    commune = (
        AdminUnit.objects.current().filter(level="commune", province_code=province_code).order_by("code")[0]
    )
    plan = [
        ("bo_phantich", Role.MINISTRY_ANALYST, None, "Trần Minh Quân"),
        ("so_canbo", Role.PROVINCE_OFFICER, province, "Lò Thị Hương"),
        ("so_pheduyet", Role.PROVINCE_OFFICER, province, "Điêu Chính Thành"),
        ("xa_canbo", Role.COMMUNE_OFFICER, commune, "Quàng Văn Định"),
        ("tuvan_vieclam", Role.EMPLOYMENT_COUNSELLOR, province, "Nguyễn Thu Hà"),
        ("thanhtra", Role.AUDITOR, None, "Phạm Đức Long"),
        ("quantri", Role.SYSTEM_ADMIN, None, "Vũ Hoàng Nam"),
    ]
    rows = []
    for username, role, unit, full_name in plan:
        if not User.objects.filter(username=username).exists():
            user_create(actor=None, username=username, password=DEMO_PASSWORD, role=role, scope_unit=unit,
                        full_name=full_name, validate=False)  # fmt: skip
        label = str(role.label) + NOTES.get(username, "")
        rows.append((username, label, unit.name if unit else "Toàn quốc"))
    return rows
