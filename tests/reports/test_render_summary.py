"""The summary paragraph reads like the sector's own reports (seed 002's sentences are the model)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from ansinh.reports.periods import parse_period
from ansinh.reports.render import summary
from ansinh.reports.render.text import number, percent
from ansinh.reports.report import Figure, IndicatorInfo

from .report_samples import sample_report


def _info(
    unit="người", *, better=True, aggregation="sum", decimals=0, name="Số lao động được tạo việc làm mới"
):
    return IndicatorInfo(
        code="X.Y", name=name, unit=unit, aggregation=aggregation, source="entered", group="X",
        group_name="X", higher_is_better=better, decimals=decimals,
    )  # fmt: skip


RATE = {"unit": "%", "aggregation": "ratio", "decimals": 2, "name": "Tỷ lệ lao động qua đào tạo"}
YEAR = parse_period("2023")
HALF = parse_period("2025H1")


@pytest.mark.parametrize(
    ("value", "decimals", "strip", "lang", "expected"),
    [
        (D(62850), 0, False, "vi", "62.850"),
        (D(62850), 0, False, "en", "62,850"),
        (D("8.355"), 2, False, "vi", "8,36"),  # half up, not the banker's 8,36/8,35
        (D("8.345"), 2, False, "vi", "8,35"),
        (D("91.60"), 2, True, "vi", "91,6"),
        (D("93.00"), 2, True, "vi", "93"),
        (D("1250000000"), 0, False, "vi", "1.250.000.000"),
        (D("-1234.5"), 1, False, "vi", "-1.234,5"),
        (D("485412"), 0, True, "en", "485,412"),
        (None, 0, False, "vi", "—"),
    ],
)
def test_numbers_in_the_language_format(value, decimals, strip, lang, expected):
    assert number(value, decimals, lang=lang, strip=strip) == expected


def test_percent_drops_trailing_zeros():
    assert percent(D("91.6001")) == "91,6%"
    assert percent(D("100")) == "100%"
    assert percent(D("8.362"), lang="en") == "8.36%"


@pytest.mark.parametrize(
    ("info", "figure", "period", "expected"),
    [
        # seed 002: "tạo việc làm mới cho khoảng 62.850 lao động, vượt 8,36% kế hoạch năm và 5% so với …"
        (_info(), Figure(value=D(62850), plan_pct=D("108.362"), change_pct=D("5.0003")), YEAR,
         "số lao động được tạo việc làm mới là 62.850 người, vượt 8,36% kế hoạch năm, "
         "tăng 5% so với năm 2022"),
        # seed 002: "tổng số lao động tham gia BHXH là 485.412 người, đạt 91,6% kế hoạch năm"
        (_info(name="Tổng số lao động tham gia BHXH"), Figure(value=D(485412), plan_pct=D("91.6001")), YEAR,
         "tổng số lao động tham gia BHXH là 485.412 người, đạt 91,6% kế hoạch năm"),
        # seed 002: "83.080 người, đạt 100% kế hoạch và tăng 18,5% so với năm 2022"
        (_info(name="Số người được tuyển sinh, đào tạo nghề"),
         Figure(value=D(83080), plan_pct=D("100.001"), change_pct=D("18.5")), YEAR,
         "số người được tuyển sinh, đào tạo nghề là 83.080 người, đạt 100% kế hoạch năm, "
         "tăng 18,5% so với năm 2022"),
        # seed 002: "54 phiên giao dịch việc làm, tăng 31,7% so với năm 2022" — half-year: "cùng kỳ"
        (_info("phiên", name="Số phiên giao dịch việc làm"),
         Figure(value=D(54), change_pct=D("31.707")), HALF,
         "số phiên giao dịch việc làm là 54 phiên, tăng 31,7% so với cùng kỳ năm 2024"),
        (_info(), Figure(value=D(900), change_pct=D("-12.5")), HALF,
         "số lao động được tạo việc làm mới là 900 người, giảm 12,5% so với cùng kỳ năm 2024"),
        (_info(), Figure(value=D(900), change_pct=D("0.04")), HALF,
         "số lao động được tạo việc làm mới là 900 người, bằng cùng kỳ năm 2024"),
        # no plan and no last year: no comparison is invented
        (_info(), Figure(value=D(0)), YEAR, "số lao động được tạo việc làm mới là 0 người"),
        # a ceiling: fewer accidents than planned is not "đạt"
        (_info("vụ", better=False, name="Số vụ tai nạn lao động"),
         Figure(value=D(12), plan_pct=D("80"), change_pct=D("-20")), YEAR,
         "số vụ tai nạn lao động là 12 vụ, bằng 80% mức kế hoạch năm, giảm 20% so với năm 2022"),
        # rates: percentage points against the plan and last year (seed 002: "đạt 73%", target 74%)
        (_info(**RATE), Figure(value=D(73), plan=D(74), previous=D("71.5")), YEAR,
         "tỷ lệ lao động qua đào tạo là 73%, thấp hơn 1 điểm phần trăm so với kế hoạch năm (74%), "
         "tăng 1,5 điểm phần trăm so với năm 2022"),
        (_info(**RATE), Figure(value=D("74.4"), plan=D(74), previous=D("74.4")), HALF,
         "tỷ lệ lao động qua đào tạo là 74,4%, vượt 0,4 điểm phần trăm so với kế hoạch năm (74%), "
         "bằng cùng kỳ năm 2024"),
        # seed 002: "tỷ lệ thất nghiệp thành thị … xuống còn 2,8%" — lower is better
        (_info("%", better=False, aggregation="ratio", decimals=2,
               name="Tỷ lệ thất nghiệp khu vực thành thị"),
         Figure(value=D("2.8"), plan=D("3"), previous=D("3.1")), YEAR,
         "tỷ lệ thất nghiệp khu vực thành thị là 2,8%, vượt 0,2 điểm phần trăm so với kế hoạch năm (3%), "
         "giảm 0,3 điểm phần trăm so với năm 2022"),
        (_info("%", better=False, aggregation="ratio", decimals=2, name="Tỷ lệ hộ nghèo"),
         Figure(value=D("1.63"), plan=D("1.5")), YEAR,
         "tỷ lệ hộ nghèo là 1,63%, cao hơn 0,13 điểm phần trăm so với kế hoạch năm (1,5%)"),
        # seed 002: "tỷ lệ lao động nông nghiệp … xuống còn 31,1%, vượt 0,4% mục tiêu kế hoạch năm"
        (_info("%", better=False, aggregation="ratio", decimals=2, name="Tỷ lệ lao động nông nghiệp"),
         Figure(value=D("31.1"), plan=D("31.5"), plan_gap=D("-0.40"),
                previous=D("33"), change_points=D("-1.9")), YEAR,
         "tỷ lệ lao động nông nghiệp là 31,1%, vượt 0,4 điểm phần trăm so với kế hoạch năm (31,5%), "
         "giảm 1,9 điểm phần trăm so với năm 2022"),
        (_info(**RATE), Figure(value=D(74), plan=D("74.00")), YEAR,
         "tỷ lệ lao động qua đào tạo là 74%, đạt kế hoạch năm (74%)"),
        (_info(), Figure(value=D(2904), complete=False), YEAR,
         "số lao động được tạo việc làm mới là 2.904 người (chưa đủ báo cáo của các đơn vị trực thuộc)"),
        (_info("đồng", name="Kinh phí chi trả trợ cấp"), Figure(value=D("1250000000")), YEAR,
         "kinh phí chi trả trợ cấp là 1.250.000.000 đồng"),
    ],
)  # fmt: skip
def test_vietnamese_clauses(info, figure, period, expected):
    assert summary.figure_clause(info, figure, period, lang="vi") == expected


@pytest.mark.parametrize(
    ("info", "figure", "period", "expected"),
    [
        (_info("persons", name="Workers given new jobs"),
         Figure(value=D(62850), plan_pct=D("108.362"), change_pct=D("5")), YEAR,
         "workers given new jobs: 62,850 persons, 8.36% above the year's plan, up 5% on 2022"),
        (_info("persons", name="Social-insurance participants"),
         Figure(value=D(485412), plan_pct=D("91.6"), change_pct=D("-3.25")), HALF,
         "social-insurance participants: 485,412 persons, 91.6% of the year's plan, "
         "down 3.3% on the same period of 2024"),
        (_info(**RATE | {"name": "Share of trained workers"}), Figure(value=D(73), plan=D(74)), YEAR,
         "share of trained workers: 73%, 1 percentage point below the year's plan (74%)"),
    ],
)  # fmt: skip
def test_english_clauses(info, figure, period, expected):
    assert summary.figure_clause(info, figure, period, lang="en") == expected


def test_missing_value_gives_no_clause():
    assert summary.figure_clause(_info(), Figure(value=None, plan_pct=D(90)), YEAR, lang="vi") is None
    assert summary.figure_clause(_info(), None, YEAR, lang="vi") is None


def test_paragraph_groups_clauses_into_sentences():
    text = summary.summary_paragraph(sample_report())
    assert text == (
        "Kết quả thực hiện năm 2023 trên địa bàn Tỉnh Thanh Hóa. "
        "Số phiên giao dịch việc làm là 54 phiên, tăng 31,7% so với năm 2022; "
        "số lao động được tạo việc làm mới là 62.850 người, vượt 8,36% kế hoạch năm, "
        "tăng 5% so với năm 2022; "
        "tỷ lệ thất nghiệp khu vực thành thị là 2,8%, giảm 0,3 điểm phần trăm so với năm 2022. "
        "Số người tham gia BHXH là 485.412 người, đạt 91,6% kế hoạch năm. "
        "Tỷ lệ lao động qua đào tạo là 73%, thấp hơn 1 điểm phần trăm so với kế hoạch năm (74%). "
        "Còn 1 đơn vị chưa gửi báo cáo: Xã Hoằng Hóa & <Đông>."
    )


def test_paragraph_in_english_and_for_the_nation():
    report = sample_report("en", missing=[])
    report.unit = type(report.unit)(code="", name="Nationwide", level="nation", figures={})
    assert summary.summary_paragraph(report) == "Year 2023: results nationwide."


def test_many_missing_units_are_cut_short():
    names = [f"Xã {n}" for n in range(1, 14)]
    sentence = summary.missing_sentence(sample_report(missing=names))
    assert sentence.startswith("Còn 13 đơn vị chưa gửi báo cáo: Xã 1, Xã 2,")
    assert sentence.endswith("Xã 10, ….")
    assert "Xã 11" not in sentence


def test_units_not_reported_are_named_once_not_after_every_figure():
    from dataclasses import replace

    report = sample_report(missing=["Xã A", "Xã B"])
    report.unit = replace(
        report.unit, figures={k: replace(f, complete=False) for k, f in report.unit.figures.items()}
    )
    text = " ".join(summary.group_sentences(report))
    assert "chưa đủ báo cáo" not in text
    report.missing_units = []
    assert "chưa đủ báo cáo" in " ".join(summary.group_sentences(report))


# --- parts of a total, empty figures and zeros nobody reported ----------------------------------------

SA_NAMES = {
    "SA.BENEFICIARIES": "Số đối tượng hưởng trợ cấp xã hội hàng tháng",
    "SA.BENEFICIARIES_ASSISTANCE": "Trong đó: hưởng trợ cấp xã hội hàng tháng",
    "SA.BENEFICIARIES_PENSION": "Trong đó: hưởng trợ cấp hưu trí xã hội",
    "SI.PARTICIPANTS": "Số người tham gia bảo hiểm xã hội",
    "SI.COMPULSORY": "Số người tham gia bảo hiểm xã hội bắt buộc",
    "SI.VOLUNTARY": "Số người tham gia bảo hiểm xã hội tự nguyện",
    "UI.CLAIMS": "Số người hưởng trợ cấp thất nghiệp",
    "OSH.ACCIDENTS": "Số vụ tai nạn lao động",
}


def _report(figures):
    from ansinh.reports.report import Report, UnitRow

    infos = [
        IndicatorInfo(code=code, name=name, unit="vụ" if code == "OSH.ACCIDENTS" else "người",
                      aggregation="sum", source="entered", group=code.split(".")[0], group_name="")
        for code, name in SA_NAMES.items()
    ]  # fmt: skip
    unit = UnitRow(code="11", name="Tỉnh Điện Biên", level="province", figures=figures)
    return Report(period=YEAR, period_label="Năm 2023", unit=unit, children=[], indicators=infos)


def test_parts_follow_their_total_with_one_trong_do():
    report = _report(
        {
            "SA.BENEFICIARIES": Figure(value=D(1200)),
            "SA.BENEFICIARIES_ASSISTANCE": Figure(value=D(1000)),
            "SA.BENEFICIARIES_PENSION": Figure(value=D(200)),
            "SI.PARTICIPANTS": Figure(value=D(485412), plan_pct=D("91.6")),
            "SI.COMPULSORY": Figure(value=D(405171)),
            "SI.VOLUNTARY": Figure(value=D(80241)),
        }
    )
    sentences = summary.group_sentences(report)
    assert sentences == [
        "Số đối tượng hưởng trợ cấp xã hội hàng tháng là 1.200 người, trong đó hưởng trợ cấp xã hội hàng "
        "tháng 1.000 người, hưởng trợ cấp hưu trí xã hội 200 người.",
        "Số người tham gia bảo hiểm xã hội là 485.412 người, đạt 91,6% kế hoạch năm, trong đó bắt buộc "
        "405.171 người, tự nguyện 80.241 người.",
    ]
    assert all(s.lower().count("trong đó") <= 1 for s in sentences)


def test_a_part_without_its_total_stands_alone_without_trong_do():
    report = _report({"SA.BENEFICIARIES_PENSION": Figure(value=D(200)), "SI.VOLUNTARY": Figure(value=None)})
    assert summary.group_sentences(report) == ["Hưởng trợ cấp hưu trí xã hội là 200 người."]


def test_empty_figures_and_zeros_nobody_reported_are_left_out():
    report = _report(
        {
            "UI.CLAIMS": Figure(value=D(0), reported=False),  # the records hold nothing: not a fact
            "OSH.ACCIDENTS": Figure(value=D(0)),  # a unit reported 0 accidents: a fact
            "SI.PARTICIPANTS": Figure(value=None, plan_pct=D(90)),
            "SI.COMPULSORY": Figure(value=D(0), reported=False),
        }
    )
    text = summary.summary_paragraph(report)
    assert text == "Kết quả thực hiện năm 2023 trên địa bàn Tỉnh Điện Biên. Số vụ tai nạn lao động là 0 vụ."


def test_the_plan_share_is_rounded_half_up_not_truncated():
    info = _info()
    figure = Figure(value=D(52), plan_pct=D(52) * 100 / D(70))  # 74,2857…
    assert summary.figure_clause(info, figure, YEAR, lang="vi").endswith("đạt 74,29% kế hoạch năm")


@pytest.mark.django_db
def test_a_count_that_found_nothing_is_zero_in_the_table_but_not_reported():
    import datetime as dt

    from ansinh.reports.build import _figure
    from ansinh.reports.models import Indicator
    from ansinh.reports.rollup import Total

    claims = Indicator.objects.get(code="UI.CLAIMS")  # computed from the records only
    context = {
        "computed_at": {"UI.CLAIMS": dt.datetime(2025, 7, 1, tzinfo=dt.UTC)},
        "counted_last_year": set(),
        "nation": False,
        "complete": True,
    }
    nothing = _figure(claims, Total(ratio=False), None, None, None, context)
    assert nothing.value == D(0) and not nothing.reported
    found = _figure(claims, Total(ratio=False, value=D(3), empty=False), None, None, None, context)
    assert found.value == D(3) and found.reported
    accidents = Indicator.objects.get(code="OSH.ACCIDENTS")  # entered: 0 given by a unit is reported
    given = _figure(accidents, Total(ratio=False, value=D(0), empty=False), None, None, None, context)
    assert given.value == D(0) and given.reported
