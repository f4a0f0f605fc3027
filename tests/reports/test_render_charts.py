"""Server-side SVG charts: well-formed, accessible, Vietnamese number format, user text escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal as D

import pytest

from ansinh.reports.render import charts

from .report_samples import sample_report

NS = {"svg": "http://www.w3.org/2000/svg"}


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 - our own markup
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def _texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iterfind("svg:text", NS)]


def _accessible(root: ET.Element) -> tuple[str, str]:
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert (title.get("id"), desc.get("id")) == (title_id, desc_id)
    return title.text, desc.text


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (D(0), D(62850), [0, 20000, 40000, 60000, 80000]),
        (D(0), D(73), [0, 20, 40, 60, 80]),
        (D(0), D("2.8"), [0, 1, 2, 3]),
        (D(0), D(0), [0, D("0.2"), D("0.4"), D("0.6"), D("0.8"), D("1.0")]),
        (D(-5), D(10), [-5, 0, 5, 10]),
    ],
)
def test_nice_ticks(low, high, expected):
    ticks = charts.nice_ticks(low, high)
    assert ticks == [D(t) for t in expected]


def test_trend_line_has_gaps_labels_and_vietnamese_axis():
    root = _parse(charts.trend_chart(sample_report(), "LM.NEW_JOBS"))
    title, desc = _accessible(root)
    assert title == "Số lao động được tạo việc làm mới qua các kỳ"
    assert desc == "Năm 2020: 62.110; Năm 2021: Không có số liệu; Năm 2022: 59.857; Năm 2023: 62.850."
    texts = _texts(root)
    assert "80.000" in texts and "60.000" in texts  # axis ticks in Vietnamese format
    assert {"62.110", "59.857", "62.850"} <= set(texts)  # values written at the points
    assert {"Năm 2020", "Năm 2021", "Năm 2023"} <= set(texts)
    # 2021 has no figure: one line for 2022–2023 only (2020 stands alone) and three points
    assert len(root.findall("svg:polyline", NS)) == 1
    assert len(root.findall("svg:circle", NS)) == 3


def test_trend_bars_for_a_rate_in_english():
    root = _parse(charts.trend_chart(sample_report("en"), "VET.TRAINED_RATE", kind="bars"))
    assert len(root.findall("svg:rect", NS)) == 4
    texts = _texts(root)
    assert {"68.5%", "71.25%", "73%", "80%"} <= set(texts)


def test_ranking_orders_units_and_escapes_names():
    svg = charts.ranking_chart(sample_report(), "LM.NEW_JOBS")
    assert "Hoằng Hóa &amp; &lt;Đông&gt;" in svg and "<Đông>" not in svg
    root = _parse(svg)
    _title, desc = _accessible(root)
    assert desc == "Phường Hạc Thành: 4.210; Xã Quảng Phú: 2.904; Xã Hoằng Hóa & <Đông>: 1.830."
    bars = [float(r.get("width")) for r in root.findall("svg:rect", NS)]
    assert bars == sorted(bars, reverse=True) and len(bars) == 3


def test_ranking_puts_units_without_figures_last():
    root = _parse(charts.ranking_chart(sample_report(), "LM.JOB_FAIRS"))
    _title, desc = _accessible(root)
    assert desc == "Phường Hạc Thành: 7; Xã Quảng Phú: 3; Xã Hoằng Hóa & <Đông>: Không có số liệu."
    assert len(root.findall("svg:rect", NS)) == 2


def test_plan_chart_shows_share_of_plan_with_the_100_line():
    root = _parse(charts.plan_chart(sample_report()))
    title, desc = _accessible(root)
    assert title == "Thực hiện so với kế hoạch năm, Năm 2023"
    assert desc == (
        "Số lao động được tạo việc làm mới: 108,36% (62.850 / 58.000); "
        "Số người tham gia BHXH: 91,6% (485.412 / 529.926)."
    )
    assert root.find("svg:line[@stroke-dasharray]", NS) is not None
    assert "100%" in _texts(root)
    assert charts.has_plan_chart(sample_report())


def test_chart_without_any_figure_says_so():
    report = sample_report()
    root = _parse(charts.trend_chart(report, "SI.PARTICIPANTS"))
    assert "Không có số liệu" in _texts(root)
    report.unit.figures.clear()
    assert not charts.has_plan_chart(report)
    assert "Không có số liệu" in _texts(_parse(charts.plan_chart(report)))


def test_chart_ids_are_unique_per_chart():
    report = sample_report()
    ids = {
        _parse(svg).find("svg:title", NS).get("id")
        for svg in (
            charts.trend_chart(report, "LM.NEW_JOBS"),
            charts.trend_chart(report, "VET.TRAINED_RATE"),
            charts.ranking_chart(report, "LM.NEW_JOBS"),
            charts.plan_chart(report),
        )
    }
    assert len(ids) == 4
