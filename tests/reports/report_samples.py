"""Hand-built reports for the renderer tests: the figures of seed 002 (Thanh Hóa's 2023 year report)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from ansinh.reports.periods import parse_period
from ansinh.reports.report import Figure, IndicatorInfo, Report, TrendPoint, UnitRow

GROUP_NAMES = {
    "vi": {"LM": "Lao động – việc làm", "SI": "Bảo hiểm xã hội", "VET": "Giáo dục nghề nghiệp"},
    "en": {"LM": "Labour and employment", "SI": "Social insurance", "VET": "Vocational training"},
}
NAMES = {
    "vi": {
        "LM.JOB_FAIRS": ("Số phiên giao dịch việc làm", "phiên"),
        "LM.NEW_JOBS": ("Số lao động được tạo việc làm mới", "người"),
        "LM.URBAN_UNEMP": ("Tỷ lệ thất nghiệp khu vực thành thị", "%"),
        "SI.PARTICIPANTS": ("Số người tham gia BHXH", "người"),
        "VET.TRAINED_RATE": ("Tỷ lệ lao động qua đào tạo", "%"),
    },
    "en": {
        "LM.JOB_FAIRS": ("Job-fair sessions", "sessions"),
        "LM.NEW_JOBS": ("Workers given new jobs", "persons"),
        "LM.URBAN_UNEMP": ("Urban unemployment rate", "%"),
        "SI.PARTICIPANTS": ("Social-insurance participants", "persons"),
        "VET.TRAINED_RATE": ("Share of trained workers", "%"),
    },
}
RATIO = {"LM.URBAN_UNEMP", "VET.TRAINED_RATE"}


def indicators(lang: str = "vi") -> list[IndicatorInfo]:
    return [
        IndicatorInfo(
            code=code,
            name=name,
            unit=unit,
            aggregation="ratio" if code in RATIO else "sum",
            source="entered",
            group=code.split(".")[0],
            group_name=GROUP_NAMES[lang][code.split(".")[0]],
            higher_is_better=code != "LM.URBAN_UNEMP",
            decimals=2 if code in RATIO else 0,
        )
        for code, (name, unit) in NAMES[lang].items()
    ]


def province_figures() -> dict[str, Figure]:
    return {
        "LM.JOB_FAIRS": Figure(value=D(54), previous=D(41), change_pct=D("31.707")),
        "LM.NEW_JOBS": Figure(
            value=D(62850), plan=D(58000), plan_pct=D("108.362"), previous=D(59857), change_pct=D("5.0003")
        ),
        "LM.URBAN_UNEMP": Figure(value=D("2.8"), numerator=D(28), denominator=D(1000), previous=D("3.1")),
        "SI.PARTICIPANTS": Figure(value=D(485412), plan=D(529926), plan_pct=D("91.6001"), status="approved"),
        "VET.TRAINED_RATE": Figure(value=D(73), numerator=D(730), denominator=D(1000), plan=D(74)),
    }


def sample_report(lang: str = "vi", *, missing: list[str] | None = None) -> Report:
    period = parse_period("2023")
    children = [
        UnitRow(
            code="38001",
            name="Phường Hạc Thành",
            level="commune",
            figures={
                "LM.NEW_JOBS": Figure(value=D(4210), plan=D(4000), plan_pct=D("105.25")),
                "LM.JOB_FAIRS": Figure(value=D(7)),
                "VET.TRAINED_RATE": Figure(value=D("80.5"), numerator=D(161), denominator=D(200)),
            },
        ),
        UnitRow(
            code="38002",
            name="Xã Hoằng Hóa & <Đông>",
            level="commune",
            figures={"LM.NEW_JOBS": Figure(value=D(1830)), "LM.JOB_FAIRS": Figure(value=None)},
            submitted=False,
        ),
        UnitRow(
            code="38003",
            name="Xã Quảng Phú",
            level="commune",
            figures={
                "LM.NEW_JOBS": Figure(value=D(2904), complete=False),
                "LM.JOB_FAIRS": Figure(value=D(3)),
            },
        ),
    ]
    trend = [
        TrendPoint(period=parse_period(str(year)), label=f"{'Năm' if lang == 'vi' else 'Year'} {year}",
                   values={"LM.NEW_JOBS": value, "VET.TRAINED_RATE": rate})
        for year, value, rate in [
            (2020, D(62110), D("68.5")),
            (2021, None, D("70")),
            (2022, D(59857), D("71.25")),
            (2023, D(62850), D(73)),
        ]
    ]  # fmt: skip
    return Report(
        period=period,
        period_label="Năm 2023" if lang == "vi" else "Year 2023",
        unit=UnitRow(code="38", name="Tỉnh Thanh Hóa", level="province", figures=province_figures()),
        children=children,
        indicators=indicators(lang),
        trend=trend,
        notes=["Xã Quảng Phú: số liệu năm 2022 phân bổ theo tỷ lệ dân số (60%)."],
        missing_units=missing if missing is not None else ["Xã Hoằng Hóa & <Đông>"],
        generated_at=dt.datetime(2024, 1, 5, 8, 30, tzinfo=dt.UTC),
        generated_by="Lê Thị Thủy",
        language=lang,
    )
