"""Numbers and the fixed wording of the report documents (summary, charts, XLSX, PDF), per language.

A built report carries the language it was built in (`Report.language`); its documents are written in
that language whatever the thread's active language is when they are rendered (a background export, the
CLI's `--lang`). The wording is the sector's own ("đạt 91,6% kế hoạch năm", "tăng 31,7% so với cùng
kỳ"), and word order differs between the two languages, so each language has its own phrase table here
rather than one English msgid per fragment. Numbers follow the language's convention: 62.850 and 8,36 in
Vietnamese, 62,850 and 8.36 in English.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from ansinh.core.numbers import round_half_up

LANGUAGES = ("vi", "en")
LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")  # stored UTC, shown in Vietnam's time
_SEPARATORS = {"vi": (".", ","), "en": (",", ".")}  # (thousands, decimal)


def lang_of(language: str | None) -> str:
    """'vi', 'vi-VN', 'en-us' → 'vi' / 'en'; anything else is Vietnamese, the default of the sector."""
    code = (language or "vi").lower()[:2]
    return code if code in LANGUAGES else "vi"


def rounded(value: Decimal | int, decimals: int) -> Decimal:
    """Half up, as the sector rounds (8,355 → 8,36), never the banker's rounding."""
    return round_half_up(Decimal(value), decimals)


def number(value: Decimal | int | None, decimals: int = 0, *, lang: str = "vi", strip: bool = False) -> str:
    """62850 → '62.850'; Decimal('8.355'), 2 → '8,36' (vi). `strip` drops trailing zeros (93,00 → 93),
    as prose writes them; tables keep a fixed number of decimals so the column lines up."""
    if value is None:
        return "—"
    thousands, point = _SEPARATORS[lang_of(lang)]
    amount = rounded(value, decimals)
    if strip and decimals:
        amount = amount.normalize() if amount != amount.to_integral_value() else amount.quantize(Decimal(1))
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):f}"
    whole, _dot, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + thousands.join(groups) + (point + fraction if fraction else "")


def percent(value: Decimal | int | None, *, lang: str = "vi", decimals: int = 2) -> str:
    """Decimal('91.60') → '91,6%'; as the reports write a percentage in prose."""
    if value is None:
        return "—"
    return number(value, decimals, lang=lang, strip=True) + "%"


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(LOCAL_TIME) if moment.tzinfo else moment


def timestamp(moment: dt.datetime | None) -> str:
    """'05/01/2024 15:30' in Vietnam's time; '—' when unknown."""
    return local(moment).strftime("%d/%m/%Y %H:%M") if moment else "—"


def lower_first(text: str) -> str:
    """'Số phiên giao dịch' → 'số phiên giao dịch' in the middle of a sentence; 'BHXH …' stays as it is."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


PHRASES: dict[str, dict[str, str]] = {
    "vi": {
        # summary paragraph
        "intro_unit": "Kết quả thực hiện {period} trên địa bàn {unit}.",
        "intro_nation": "Kết quả thực hiện {period} trên phạm vi toàn quốc.",
        "value": "{name} là {value}",
        "plan_reached": "đạt {pct} kế hoạch năm",
        "plan_exceeded": "vượt {pct} kế hoạch năm",
        "plan_share": "bằng {pct} mức kế hoạch năm",
        "plan_points_better": "vượt {points} {pp} so với kế hoạch năm ({plan})",
        "plan_points_below": "thấp hơn {points} {pp} so với kế hoạch năm ({plan})",
        "plan_points_above": "cao hơn {points} {pp} so với kế hoạch năm ({plan})",
        "plan_points_equal": "đạt kế hoạch năm ({plan})",
        "up": "tăng {pct} so với {when}",
        "down": "giảm {pct} so với {when}",
        "same": "bằng {when}",
        "up_points": "tăng {points} {pp} so với {when}",
        "down_points": "giảm {points} {pp} so với {when}",
        "when_same_period": "cùng kỳ năm {year}",
        "when_year": "năm {year}",
        "incomplete": "chưa đủ báo cáo của các đơn vị trực thuộc",
        "missing_units": "Còn {count} đơn vị chưa gửi báo cáo: {names}.",
        "of_which": "trong đó {parts}",
        "points_unit": "điểm phần trăm",
        "points_one": "điểm phần trăm",
        "points_short": "điểm %",
        # tables, charts and documents
        "indicator": "Chỉ tiêu",
        "code": "Mã",
        "unit_of_measure": "Đơn vị tính",
        "unit": "Đơn vị",
        "performed": "Thực hiện",
        "plan": "Kế hoạch năm",
        "plan_pct": "% kế hoạch năm",
        "previous": "Cùng kỳ năm trước",
        "change": "So với cùng kỳ (%)",
        "change_points": "So với cùng kỳ",
        "numerator": "Tử số",
        "denominator": "Mẫu số",
        "status": "Trạng thái",
        "period": "Kỳ báo cáo",
        "notes": "Ghi chú",
        "figures": "Số liệu",
        "units_below": "Đơn vị trực thuộc",
        "trend": "Diễn biến qua các kỳ",
        "summary": "Tóm tắt",
        "ranking_title": "{name} theo đơn vị, {period}",
        "trend_title": "{name} qua các kỳ",
        "plan_title": "Thực hiện so với kế hoạch năm, {period}",
        "plan_axis": "% kế hoạch năm",
        "no_data": "Không có số liệu",
        "provisional": "tạm tính",
        "apportioned": "có phần phân bổ từ đơn vị cũ bị chia tách",
        "not_submitted": "chưa gửi báo cáo",
        "generated": "Lập lúc {when} bởi {who}",
        "report_title": "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU LAO ĐỘNG, NGƯỜI CÓ CÔNG VÀ XÃ HỘI",
        "nation": "Toàn quốc",
        "place_date": "{place}, ngày {day} tháng {month} năm {year}",
        "place_nation": "Hà Nội",
        "signer": "NGƯỜI LẬP BÁO CÁO",
        "status_draft": "Nháp",
        "status_submitted": "Đã gửi",
        "status_approved": "Đã duyệt",
        "status_returned": "Bị trả lại",
        "computed_at": "Tính lúc {when}",
    },
    "en": {
        "intro_unit": "{period}: results in {unit}.",
        "intro_nation": "{period}: results nationwide.",
        "value": "{name}: {value}",
        "plan_reached": "{pct} of the year's plan",
        "plan_exceeded": "{pct} above the year's plan",
        "plan_share": "{pct} of the year's plan level",
        "plan_points_better": "{points} {pp} better than the year's plan ({plan})",
        "plan_points_below": "{points} {pp} below the year's plan ({plan})",
        "plan_points_above": "{points} {pp} above the year's plan ({plan})",
        "plan_points_equal": "on the year's plan ({plan})",
        "up": "up {pct} on {when}",
        "down": "down {pct} on {when}",
        "same": "unchanged from {when}",
        "up_points": "up {points} {pp} on {when}",
        "down_points": "down {points} {pp} on {when}",
        "when_same_period": "the same period of {year}",
        "when_year": "{year}",
        "incomplete": "not all units below have reported",
        "missing_units": "{count} units below have not reported yet: {names}.",
        "of_which": "of which {parts}",
        "points_unit": "percentage points",
        "points_one": "percentage point",
        "points_short": "pp",
        "indicator": "Indicator",
        "code": "Code",
        "unit_of_measure": "Unit",
        "unit": "Administrative unit",
        "performed": "Actual",
        "plan": "Year's plan",
        "plan_pct": "% of year's plan",
        "previous": "Same period last year",
        "change": "Change vs same period (%)",
        "change_points": "Change vs same period",
        "numerator": "Numerator",
        "denominator": "Denominator",
        "status": "Status",
        "period": "Reporting period",
        "notes": "Notes",
        "figures": "Figures",
        "units_below": "Units below",
        "trend": "Trend over periods",
        "summary": "Summary",
        "ranking_title": "{name} by unit, {period}",
        "trend_title": "{name} over the periods",
        "plan_title": "Actual against the year's plan, {period}",
        "plan_axis": "% of the year's plan",
        "no_data": "No data",
        "provisional": "provisional",
        "apportioned": "partly apportioned from a split former unit",
        "not_submitted": "not submitted",
        "generated": "Generated {when} by {who}",
        "report_title": "REPORT ON THE LABOUR, PEOPLE-WITH-MERIT AND SOCIAL AFFAIRS INDICATORS",
        "nation": "Nationwide",
        "place_date": "{place}, {day:02d}/{month:02d}/{year}",
        "place_nation": "Hà Nội",
        "signer": "PREPARED BY",
        "status_draft": "Draft",
        "status_submitted": "Submitted",
        "status_approved": "Approved",
        "status_returned": "Returned",
        "computed_at": "Computed {when}",
    },
}


def phrase(lang: str, key: str, **values: object) -> str:
    return PHRASES[lang_of(lang)][key].format(**values)
