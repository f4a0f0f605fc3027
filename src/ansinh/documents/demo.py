"""Demo signatories (`ansinh demo-setup`): who signs for the demo province and each of its communes.

Each commune: its chairman signs decisions in person (CHỦ TỊCH; the same chairman the demo benefit
decisions name) and a vice-chairman signs the lists for the chairman (TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH /
PHÓ CHỦ TỊCH). The province: a vice-chairman signs for the committee, the director signs the employment
service centre's referral slips. All in office since the reform of 1 July 2025.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ansinh.documents.models import Signatory, SignedKind, SigningBody
from ansinh.geo.models import AdminUnit, Level

IN_OFFICE_FROM = dt.date(2025, 7, 1)
# The commune chairmen, by commune id as the demo benefit decisions name them.
CHAIRS = ("Lò Văn Thanh", "Nguyễn Văn Hùng", "Quàng Văn Bình", "Lê Thị Hạnh", "Trần Văn Minh",
          "Giàng A Dế", "Vũ Thị Lan", "Phạm Văn Đức", "Lường Thị Hoa", "Hoàng Văn Nam", "Đỗ Thị Thu",
          "Bùi Văn Long")  # fmt: skip
VICE_CHAIRS = ("Cà Văn Sơn", "Lò Thị Xuân", "Vì Văn Tâm", "Mùa A Chồng", "Nguyễn Thị Thủy", "Tòng Văn Chiến",
               "Lường Văn Hiếu", "Sùng Thị Mai", "Đinh Văn Tuấn")  # fmt: skip
PROVINCE_VICE_CHAIR = "Lê Thành Đô"
CENTRE_DIRECTOR = "Lò Thị Thu Hằng"


def demo_signatories(ctx: Any) -> None:
    province = AdminUnit.objects.current().filter(level=Level.PROVINCE, code=ctx.province).first()
    if province is None or Signatory.objects.filter(province_code=province.code).exists():
        return
    rows = [
        Signatory(
            unit=province, province_code=province.code, body=SigningBody.COMMITTEE, kind=SignedKind.ANY,
            authority_line="TM. ỦY BAN NHÂN DÂN", delegation_line="KT. CHỦ TỊCH", title="PHÓ CHỦ TỊCH",
            full_name=PROVINCE_VICE_CHAIR, valid_from=IN_OFFICE_FROM,
        ),
        Signatory(
            unit=province, province_code=province.code, body=SigningBody.EMPLOYMENT_CENTRE,
            kind=SignedKind.REFERRAL, title="GIÁM ĐỐC", full_name=CENTRE_DIRECTOR, valid_from=IN_OFFICE_FROM,
        ),
    ]  # fmt: skip
    communes = AdminUnit.objects.current().filter(level=Level.COMMUNE, province_code=province.code)
    for commune in communes.order_by("pk"):
        common = {"unit": commune, "commune": commune, "province_code": province.code}
        rows += [
            Signatory(**common, kind=SignedKind.ANY, title="CHỦ TỊCH",
                      full_name=CHAIRS[commune.pk % len(CHAIRS)], valid_from=IN_OFFICE_FROM),
            Signatory(**common, kind=SignedKind.LIST, authority_line="TM. ỦY BAN NHÂN DÂN",
                      delegation_line="KT. CHỦ TỊCH", title="PHÓ CHỦ TỊCH",
                      full_name=VICE_CHAIRS[commune.pk % len(VICE_CHAIRS)], valid_from=IN_OFFICE_FROM),
        ]  # fmt: skip
    Signatory.objects.bulk_create(rows)
    ctx.stdout.write(f"signatories: {len(rows)}\n")
