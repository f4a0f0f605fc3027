"""The summary paragraph, written the way the sector's reports write their figures.

"Số lao động được tạo việc làm mới là 62.850 người, vượt 8,36% kế hoạch năm, tăng 5% so với năm
2022" — value, then the year's plan ("đạt X%" up to the plan, "vượt X%" beyond it, X = % of plan − 100),
then the same period last year ("tăng/giảm Y% so với cùng kỳ"). Rates (unit "%") compare in percentage
points, since "tăng 10%" of a 2,8% unemployment rate would be read as 12,8%. A figure with no value says
nothing, and neither does a 0 that nobody reported (a count that found nothing in the records); a
comparison with no plan or no last year is left out rather than written as zero.
Indicators of one group make one sentence, their clauses joined by ";" as the reports do. The parts of a
total (the consistency rules' "parts add up to the total") follow it once: "… là 485.412 người, trong đó
bắt buộc 405.171 người, tự nguyện 80.241 người", never "trong đó" before every part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from itertools import groupby

from ansinh.reports.periods import Period
from ansinh.reports.render.text import (
    lang_of,
    lower_first,
    number,
    percent,
    phrase,
    rounded,
    upper_first,
)
from ansinh.reports.report import Figure, IndicatorInfo, Report
from ansinh.reports.rules import Rule, packaged_rules

CHANGE_DECIMALS = 1
MAX_NAMED_MISSING = 10  # beyond this the sentence names the first ten and says how many in all


def is_rate(info: IndicatorInfo) -> bool:
    """A rate is written with "%" and compared in percentage points."""
    return info.unit.strip() == "%" or (info.aggregation == "ratio" and not info.unit.strip())


def value_text(info: IndicatorInfo, value: Decimal, *, lang: str) -> str:
    """'62.850 người', '2,8%', '1.250.000.000 đồng' — trailing zeros dropped, as prose writes them."""
    if is_rate(info):
        return percent(value, lang=lang, decimals=max(info.decimals, 2))
    text = number(value, info.decimals, lang=lang, strip=True)
    return f"{text} {info.unit}" if info.unit else text


def _points(given: Decimal | None, value: Decimal, reference: Decimal) -> Decimal:
    """A rate's gap in percentage points: the one the build computed when there is one."""
    return rounded(given if given is not None else value - reference, 2)


def _points_text(gap: Decimal, lang: str) -> tuple[str, str]:
    """('1,5', 'điểm phần trăm'); English says "1 percentage point" but "1.5 percentage points"."""
    return number(abs(gap), 2, lang=lang, strip=True), phrase(
        lang, "points_one" if abs(gap) == 1 else "points_unit"
    )


def _when(period: Period, lang: str) -> str:
    key = "when_year" if period.kind == "year" else "when_same_period"
    return phrase(lang, key, year=period.year - 1)


def plan_clause(info: IndicatorInfo, figure: Figure, *, lang: str) -> str | None:
    if figure.value is None:
        return None
    if is_rate(info):
        if figure.plan is None:
            return None
        gap = _points(figure.plan_gap, figure.value, figure.plan)
        plan = percent(figure.plan, lang=lang)
        points, pp = _points_text(gap, lang)
        if gap == 0:
            return phrase(lang, "plan_points_equal", plan=plan)
        if (gap > 0) == info.higher_is_better:
            return phrase(lang, "plan_points_better", points=points, pp=pp, plan=plan)
        key = "plan_points_below" if gap < 0 else "plan_points_above"
        return phrase(lang, key, points=points, pp=pp, plan=plan)
    if figure.plan_pct is None:
        return None
    share = rounded(figure.plan_pct, 2)
    if not info.higher_is_better:
        # A ceiling (accidents): "vượt" would read as good news, so the share is stated plainly.
        return phrase(lang, "plan_share", pct=percent(share, lang=lang))
    if share > 100:
        return phrase(lang, "plan_exceeded", pct=percent(share - 100, lang=lang))
    return phrase(lang, "plan_reached", pct=percent(share, lang=lang))


def change_clause(info: IndicatorInfo, figure: Figure, period: Period, *, lang: str) -> str | None:
    if figure.value is None:
        return None
    when = _when(period, lang)
    if is_rate(info):
        if figure.previous is None:
            return None
        gap = _points(figure.change_points, figure.value, figure.previous)
        if gap == 0:
            return phrase(lang, "same", when=when)
        points, pp = _points_text(gap, lang)
        return phrase(lang, "up_points" if gap > 0 else "down_points", points=points, pp=pp, when=when)
    if figure.change_pct is None:
        return None
    # One decimal, as the reports write a change ("tăng 31,7%", "tăng 25,1%"); the plan keeps two ("8,36%").
    change = rounded(figure.change_pct, CHANGE_DECIMALS)
    if change == 0:
        return phrase(lang, "same", when=when)
    pct = percent(abs(change), lang=lang, decimals=CHANGE_DECIMALS)
    return phrase(lang, "up" if change > 0 else "down", pct=pct, when=when)


def change_text(info: IndicatorInfo, figure: Figure | None, *, lang: str) -> str:
    """The table's "vs same period" cell: '+31,7%' / '−12,5%' for counts, '+1,5 điểm %' for rates."""
    if figure is None or figure.value is None:
        return ""
    if is_rate(info):
        if figure.previous is None:
            return ""
        gap = _points(figure.change_points, figure.value, figure.previous)
        return _signed(number(abs(gap), 2, lang=lang, strip=True), gap) + " " + phrase(lang, "points_short")
    if figure.change_pct is None:
        return ""
    change = rounded(figure.change_pct, CHANGE_DECIMALS)
    return _signed(percent(abs(change), lang=lang, decimals=CHANGE_DECIMALS), change)


def _signed(text: str, amount: Decimal) -> str:
    return ("+" if amount > 0 else "−" if amount < 0 else "") + text


def figure_clause(
    info: IndicatorInfo,
    figure: Figure | None,
    period: Period,
    *,
    lang: str,
    mark_incomplete: bool = True,
    name: str | None = None,
) -> str | None:
    """'số phiên giao dịch việc làm là 54 phiên, tăng 31,7% so với năm 2022'; None without a value."""
    if figure is None or figure.value is None:
        return None
    lang = lang_of(lang)
    parts = [
        phrase(
            lang,
            "value",
            name=lower_first(info.name if name is None else name),
            value=value_text(info, figure.value, lang=lang),
        )
    ]
    for clause in (plan_clause(info, figure, lang=lang), change_clause(info, figure, period, lang=lang)):
        if clause:
            parts.append(clause)
    text = ", ".join(parts)
    if not figure.complete and mark_incomplete:
        text += f" ({phrase(lang, 'incomplete')})"
    return text


def stated(figure: Figure | None) -> bool:
    """Whether the narrative states the figure: it has a value, and a 0 only when someone reported it."""
    return figure is not None and figure.value is not None and (figure.value != 0 or figure.reported)


_OF_WHICH = re.compile(r"^\s*(trong đó|of which)\s*:?\s*", re.IGNORECASE)


def parts_of(rules: Iterable[Rule] | None = None) -> dict[str, list[str]]:
    """Total's code → its parts' codes, from the rules saying that parts add up to a total."""
    out: dict[str, list[str]] = {}
    for rule in packaged_rules() if rules is None else rules:
        if rule.kind != "parts_sum" or rule.total is None or rule.total.part or not rule.total.code:
            continue
        if all(p.code and not p.part for p in rule.parts):
            out.setdefault(rule.total.code, []).extend(p.code for p in rule.parts)
    return out


def part_name(part: str, total: str) -> str:
    """'Trong đó: hưởng trợ cấp hưu trí xã hội' → 'hưởng trợ cấp hưu trí xã hội'; 'Số người tham gia
    bảo hiểm xã hội bắt buộc' under 'Số người tham gia bảo hiểm xã hội' → 'bắt buộc'."""
    name = _OF_WHICH.sub("", part).strip()
    if name.lower().startswith(total.lower() + " "):
        return name[len(total) :].strip()
    return lower_first(name)


def _with_parts(
    info: IndicatorInfo, clause: str, parts: list[tuple[IndicatorInfo, Figure]], lang: str
) -> str:
    named = [
        f"{part_name(p.name, info.name)} {value_text(p, f.value, lang=lang)}"
        for p, f in parts
        if f.value is not None
    ]
    return clause if not named else clause + ", " + phrase(lang, "of_which", parts=", ".join(named))


def intro_sentence(report: Report) -> str:
    lang = lang_of(report.language)
    period = lower_first(report.period_label) if lang == "vi" else report.period_label
    if report.unit.level == "nation":
        return phrase(lang, "intro_nation", period=period)
    return phrase(lang, "intro_unit", period=period, unit=report.unit.name)


def group_sentences(report: Report) -> list[str]:
    """One sentence per indicator group that has at least one figure, in the report's order."""
    lang = lang_of(report.language)
    # The units that have not reported are named once at the end; a mark on every figure would repeat it.
    mark = not report.missing_units
    figures = report.unit.figures
    infos_by_code = {info.code: info for info in report.indicators}
    totals = parts_of()
    # A part is said after its total when the total is stated; otherwise it stands on its own.
    attached = {
        part: total
        for total, parts in totals.items()
        if total in infos_by_code and stated(figures.get(total))
        for part in parts
        if part in infos_by_code
    }
    sentences = []
    for _group, infos in groupby(report.indicators, key=lambda info: info.group):
        clauses = []
        for info in infos:
            figure = figures.get(info.code)
            if info.code in attached or not stated(figure):
                continue
            # A part whose total is not stated loses its "Trong đó:" and stands on its own.
            own_name = part_name(info.name, "") if _OF_WHICH.match(info.name) else None
            clause = figure_clause(
                info, figure, report.period, lang=lang, mark_incomplete=mark, name=own_name
            )
            if clause is None:
                continue
            parts = [
                (infos_by_code[code], part)
                for code in totals.get(info.code, [])
                if attached.get(code) == info.code and stated(part := figures.get(code))
            ]
            if parts:
                clause = _with_parts(info, clause, parts, lang)
            clauses.append(clause)
        if clauses:
            sentences.append(upper_first("; ".join(clauses)) + ".")
    return sentences


def missing_sentence(report: Report) -> str | None:
    if not report.missing_units:
        return None
    names = report.missing_units[:MAX_NAMED_MISSING]
    listed = ", ".join(names) + (", …" if len(report.missing_units) > MAX_NAMED_MISSING else "")
    return phrase(report.language, "missing_units", count=len(report.missing_units), names=listed)


def summary_paragraph(report: Report) -> str:
    """The paragraph printed above the tables; only the intro when the unit has no figure at all."""
    sentences = [intro_sentence(report), *group_sentences(report)]
    if missing := missing_sentence(report):
        sentences.append(missing)
    return " ".join(sentences)
