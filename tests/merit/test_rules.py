"""The merit allowance rules against the appendix tables: each case names the row it reads.

Standards: 1.624.000 đ from 01/07/2021 (Decree 75/2021), 2.055.000 đ from 01/07/2023 (Decree 55/2023,
VBHN 834), 2.789.000 đ from 01/07/2024 (Decree 77/2024, VBHN 4804), 3.012.000 đ from 01/07/2026 (Decree
321/2026, reported only: the 77/2024 amounts × 3.012.000 / 2.789.000, rounded to the thousand).
"""

from __future__ import annotations

import csv

import pytest
from django.utils import translation

from ansinh.benefits.rules import FactsError
from ansinh.merit import rules


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def due(**facts):
    return rules.due(facts)


# (case, facts, monthly amount, provisional, the appendix rows read)
CASES = [
    # --- the standard's dates: 30/06 and 01/07 of each year ------------------------------------------
    ("2021-07-01 first day, 1 martyr", {"on": "2021-07-01", "category": "martyr_relative", "martyrs": 1},
     1_624_000, False, "75/2021 PL I 3.1"),
    ("2023-06-30 last day of 75/2021", {"on": "2023-06-30", "category": "martyr_relative", "martyrs": 1},
     1_624_000, False, "75/2021 PL I 3.1"),
    ("2023-07-01 first day of 55/2023", {"on": "2023-07-01", "category": "martyr_relative", "martyrs": 1},
     2_055_000, False, "55/2023 PL I 3.1"),
    ("2024-06-30 last day of 55/2023", {"on": "2024-06-30", "category": "war_invalid", "injury_rate": 21},
     1_384_000, False, "55/2023 PL II STT 1"),
    ("2024-07-01 first day of 77/2024", {"on": "2024-07-01", "category": "war_invalid", "injury_rate": 21},
     1_878_000, False, "77/2024 PL II STT 1"),
    ("2026-06-30 last day of 2.789.000", {"on": "2026-06-30", "category": "war_invalid", "injury_rate": 100,
     "lives_at_home": False}, 8_941_000 + 1_399_000, False, "77/2024 PL II STT 80 + PL I 6.1"),
    ("2026-07-01 3.012.000 adjusted", {"on": "2026-07-01", "category": "war_invalid", "injury_rate": 100,
     "lives_at_home": False}, 9_656_000 + 1_511_000, True,
     "77/2024 PL II STT 80 8.941.000/2.789.000×3.012.000=9.655.838; PL I 6.1 1.399.000→1.510.880"),
    # --- war invalids, Appendix II (RULES §5.3 points) ------------------------------------------------
    ("war invalid 20 % not eligible", {"on": "2024-07-01", "category": "war_invalid", "injury_rate": 20}, 0,
     False, "PL II starts at 21 %"),
    ("war invalid 40 %", {"on": "2024-07-01", "category": "war_invalid", "injury_rate": 40}, 3_576_000, False,
     "77/2024 PL II STT 20"),
    ("war invalid 61 %", {"on": "2024-07-01", "category": "war_invalid", "injury_rate": 61}, 5_450_000, False,
     "77/2024 PL II STT 41"),
    ("war invalid 80 % no supplement", {"on": "2024-07-01", "category": "war_invalid", "injury_rate": 80},
     7_150_000, False, "77/2024 PL II STT 60"),
    ("war invalid 81 % + supplement + caregiver", {"on": "2024-07-01", "category": "war_invalid",
     "injury_rate": 81}, 7_240_000 + 1_399_000 + 2_789_000, False, "77/2024 PL II STT 61; PL I 6.1"),
    ("war invalid 81 % severe", {"on": "2024-07-01", "category": "war_invalid", "injury_rate": 81,
     "especially_severe": True}, 7_240_000 + 2_867_000 + 3_582_000, False, "77/2024 PL II STT 61; PL I 6.1"),
    ("war invalid 2021 41 %", {"on": "2022-01-01", "category": "war_invalid", "injury_rate": 41}, 2_135_000,
     False, "75/2021 PL II STT 21"),
    ("war invalid 2023 100 %", {"on": "2023-07-01", "category": "war_invalid", "injury_rate": 100,
     "lives_at_home": False}, 6_589_000 + 1_031_000, False, "55/2023 PL II STT 80; PL I 6.1"),
    # --- type-B invalids, Appendix III ----------------------------------------------------------------
    ("type B 21 %", {"on": "2024-07-01", "category": "war_invalid_b", "injury_rate": 21}, 1_552_000, False,
     "77/2024 PL III STT 1"),
    ("type B 41 %", {"on": "2024-07-01", "category": "war_invalid_b", "injury_rate": 41}, 3_015_000, False,
     "77/2024 PL III STT 21"),
    ("type B 20 % not eligible", {"on": "2024-07-01", "category": "war_invalid_b", "injury_rate": 20}, 0,
     False, "PL III starts at 21 %"),
    ("type B 2021 100 % at home", {"on": "2021-07-01", "category": "war_invalid_b", "injury_rate": 100},
     4_308_000 + 815_000 + 1_624_000, False, "75/2021 PL III STT 80; PL I 6.1"),
    # --- sick soldiers by band, Appendix I 7.1 ----------------------------------------------------------
    ("sick soldier 40 % not eligible", {"on": "2024-07-01", "category": "sick_soldier", "injury_rate": 40}, 0,
     False, "PL I 7.1 starts at 41 %"),
    ("sick soldier 41 %", {"on": "2024-07-01", "category": "sick_soldier", "injury_rate": 41}, 2_911_000,
     False, "77/2024 PL I 7.1 41-50"),
    ("sick soldier 80 %", {"on": "2024-07-01", "category": "sick_soldier", "injury_rate": 80}, 5_329_000,
     False, "77/2024 PL I 7.1 71-80"),
    ("sick soldier 81 % severe at home", {"on": "2024-07-01", "category": "sick_soldier", "injury_rate": 81,
     "especially_severe": True}, 6_378_000 + 2_789_000 + 3_582_000, False, "77/2024 PL I 7.1"),
    ("sick soldier 100 % 2023", {"on": "2023-07-01", "category": "sick_soldier", "injury_rate": 100,
     "lives_at_home": False}, 5_235_000 + 1_031_000, False, "55/2023 PL I 7.1 91-100"),
    # --- Agent Orange by band, Appendix I 8.1 -----------------------------------------------------------
    ("agent orange 20 % not eligible", {"on": "2024-07-01", "category": "agent_orange", "injury_rate": 20}, 0,
     False, "PL I 8.1 starts at 21 %"),
    ("agent orange 21 %", {"on": "2024-07-01", "category": "agent_orange", "injury_rate": 21}, 2_120_000,
     False, "77/2024 PL I 8.1 21-40"),
    ("agent orange 60 %", {"on": "2024-07-01", "category": "agent_orange", "injury_rate": 60}, 3_542_000,
     False, "77/2024 PL I 8.1 41-60"),
    ("agent orange 80 %", {"on": "2024-07-01", "category": "agent_orange", "injury_rate": 80}, 4_964_000,
     False, "77/2024 PL I 8.1 61-80"),
    ("agent orange 81 % severe at home", {"on": "2024-07-01", "category": "agent_orange", "injury_rate": 81,
     "especially_severe": True}, 6_358_000 + 2_789_000 + 2_789_000, False, "77/2024 PL I 8.1"),
    # --- relatives of martyrs, Appendix I 3 -----------------------------------------------------------
    ("2 martyrs", {"on": "2024-07-01", "category": "martyr_relative", "martyrs": 2}, 5_578_000, False,
     "77/2024 PL I 3.2"),
    ("3 martyrs", {"on": "2024-07-01", "category": "martyr_relative", "martyrs": 3}, 8_367_000, False,
     "77/2024 PL I 3.3"),
    ("4 martyrs = 3 or more", {"on": "2024-07-01", "category": "martyr_relative", "martyrs": 4}, 8_367_000,
     False, "77/2024 PL I 3.3"),
    ("1 martyr living alone", {"on": "2023-07-01", "category": "martyr_relative", "martyrs": 1,
     "lives_alone": True}, 2_055_000 + 1_644_000, False, "55/2023 PL I 3.1 + 3.4"),
    ("3 martyrs 2026 adjusted", {"on": "2026-07-01", "category": "martyr_relative", "martyrs": 3}, 9_036_000,
     True, "77/2024 PL I 3.3 8.367.000 = 3 × 2.789.000 → 3 × 3.012.000"),
    # --- the other categories, Appendix I -------------------------------------------------------------
    ("heroic mother at home", {"on": "2024-07-01", "category": "heroic_mother"},
     8_367_000 + 2_337_000 + 2_789_000, False, "77/2024 PL I 4"),
    ("heroic mother not at home", {"on": "2023-07-01", "category": "heroic_mother", "lives_at_home": False},
     6_165_000 + 1_722_000, False, "55/2023 PL I 4"),
    ("hero", {"on": "2024-07-01", "category": "hero"}, 2_337_000, False, "77/2024 PL I 5"),
    ("hero 2021", {"on": "2021-07-01", "category": "hero"}, 1_361_000, False, "75/2021 PL I 5"),
    ("pre-1945 detached, 3 years", {"on": "2024-07-01", "category": "pre1945_activist", "detached": True,
     "seniority_years": 3}, 3_117_000 + 3 * 529_000, False, "77/2024 PL I 1.1"),
    ("pre-1945 not detached", {"on": "2023-07-01", "category": "pre1945_activist", "detached": False},
     3_899_000, False, "55/2023 PL I 1.1"),
    ("1945 activist", {"on": "2024-07-01", "category": "aug1945_activist"}, 2_884_000, False,
     "77/2024 PL I 2.1"),
    ("former prisoner", {"on": "2024-07-01", "category": "former_prisoner"}, 1_673_000, False,
     "77/2024 PL I 9"),
    ("former prisoner 2021", {"on": "2021-07-01", "category": "former_prisoner"}, 974_000, False,
     "75/2021 PL I 9"),
    ("helped: Resistance Order", {"on": "2024-07-01", "category": "helped_revolution",
     "honour": "resistance_order"}, 1_639_000, False, "77/2024 PL I 10.2"),
    ("helped: pre-1945 certificate, alone", {"on": "2024-07-01", "category": "helped_revolution",
     "honour": "pre1945_certificate", "lives_alone": True}, 2_789_000 + 2_231_000, False,
     "77/2024 PL I 10.1+10.3"),
    ("resistance activist: no monthly allowance", {"on": "2024-07-01", "category": "resistance_activist"}, 0,
     False, "77/2024 PL I has no row; PL IV 7 one-off"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "facts", "amount", "provisional", "row"), CASES, ids=[c[0] for c in CASES])
def test_monthly_amount(case, facts, amount, provisional, row):
    result = due(**facts)
    assert result.monthly_amount == amount, row
    assert result.eligible is (amount > 0)
    assert result.provisional is provisional
    assert result.regime == "merit"
    assert sum(line.amount for line in result.lines) == result.monthly_amount
    for line in result.lines:
        assert "Phụ lục" in line.basis and "Nghị định" in line.basis


def test_a_line_cites_its_appendix_row():
    result = due(on="2024-07-01", category="war_invalid", injury_rate=40)
    assert (
        result.lines[0].basis
        == "Nghị định 77/2024/NĐ-CP (VBHN 4804/VBHN-BLĐTBXH), Phụ lục II, STT 20 (tỷ lệ 40%)"
    )


def test_adjusted_amount_shows_the_arithmetic_and_is_flagged():
    result = due(on="2026-08-01", category="hero")
    assert result.monthly_amount == 2_524_000  # 2.337.000 × 3.012.000 / 2.789.000 = 2.523.873 → 2.524.000
    assert result.provisional
    assert "2.337.000 đ ÷ 2.789.000 đ × 3.012.000 đ" in result.lines[0].basis
    assert "Nghị định 321/2026/NĐ-CP" in result.lines[0].basis
    assert any("tạm tính" in note or "provisional" in note for note in result.notes)


def test_not_eligible_gives_the_reason():
    result = due(on="2024-07-01", category="war_invalid", injury_rate=15)
    assert not result.eligible and result.lines == ()
    assert any("15" in note and "21" in note for note in result.notes)
    assert any("Phụ lục VI" in note for note in result.notes)


def test_resistance_activist_names_the_one_off():
    result = due(on="2024-07-01", category="resistance_activist")
    assert not result.eligible
    assert any("836.700" in note and "Phụ lục IV, mục 7" in note for note in result.notes)


def test_posthumous_certificate_is_a_one_off_not_monthly():
    result = due(on="2024-07-01", category="martyr_relative", martyrs=1, posthumous_certificate=True)
    assert result.monthly_amount == 2_789_000
    assert result.one_off_amount == 20 * 2_789_000
    assert "Phụ lục IV, mục 3" in result.one_off[0].basis


def test_caregiver_for_sick_soldier_needs_rate_81():
    result = due(on="2024-07-01", category="sick_soldier", injury_rate=81, lives_at_home=False)
    assert result.monthly_amount == 6_378_000 + 1_399_000
    assert any("gia đình" in note or "home" in note for note in result.notes)


REFUSALS = [
    ("rate above 100", {"on": "2024-07-01", "category": "war_invalid", "injury_rate": 101}, "facts.bad_rate",
     "injury_rate"),
    ("negative rate", {"on": "2024-07-01", "category": "war_invalid", "injury_rate": -1}, "facts.bad_rate",
     "injury_rate"),
    ("rate missing", {"on": "2024-07-01", "category": "sick_soldier"}, "facts.missing", "injury_rate"),
    ("rate as text", {"on": "2024-07-01", "category": "war_invalid", "injury_rate": "81"}, "facts.bad_number",
     "injury_rate"),
    ("rate for a hero", {"on": "2024-07-01", "category": "hero", "injury_rate": 50}, "facts.not_applicable",
     "injury_rate"),
    ("zero martyrs", {"on": "2024-07-01", "category": "martyr_relative", "martyrs": 0}, "facts.bad_martyrs",
     "martyrs"),
    ("martyrs missing", {"on": "2024-07-01", "category": "martyr_relative"}, "facts.missing", "martyrs"),
    ("martyrs for a hero", {"on": "2024-07-01", "category": "hero", "martyrs": 1}, "facts.not_applicable",
     "martyrs"),
    ("severe below 81", {"on": "2024-07-01", "category": "war_invalid", "injury_rate": 80,
     "especially_severe": True}, "facts.contradiction", "especially_severe"),
    ("severe for a hero", {"on": "2024-07-01", "category": "hero", "especially_severe": True},
     "facts.not_applicable", "especially_severe"),
    ("unknown category", {"on": "2024-07-01", "category": "veteran"}, "facts.unknown_category", "category"),
    ("category missing", {"on": "2024-07-01"}, "facts.missing", "category"),
    ("date before 01/07/2021", {"on": "2021-06-30", "category": "hero"}, "facts.before_law", "on"),
    ("date missing", {"category": "hero"}, "facts.missing", "on"),
    ("date malformed", {"on": "01/07/2024", "category": "hero"}, "facts.bad_date", "on"),
    ("impossible date", {"on": "2024-02-30", "category": "hero"}, "facts.bad_date", "on"),
    ("unknown key", {"on": "2024-07-01", "category": "hero", "age": 80}, "facts.unknown_fact", "age"),
    ("bool as text", {"on": "2024-07-01", "category": "heroic_mother", "lives_at_home": "yes"},
     "facts.bad_bool", "lives_at_home"),
    ("detached missing", {"on": "2024-07-01", "category": "pre1945_activist"}, "facts.missing", "detached"),
    ("seniority missing", {"on": "2024-07-01", "category": "pre1945_activist", "detached": True},
     "facts.missing", "seniority_years"),
    ("seniority without detachment", {"on": "2024-07-01", "category": "pre1945_activist", "detached": False,
     "seniority_years": 2}, "facts.contradiction", "seniority_years"),
    ("honour missing", {"on": "2024-07-01", "category": "helped_revolution"}, "facts.missing", "honour"),
    ("unknown honour", {"on": "2024-07-01", "category": "helped_revolution", "honour": "medal"},
     "facts.unknown_honour", "honour"),
    ("alone for a hero", {"on": "2024-07-01", "category": "hero", "lives_alone": True},
     "facts.not_applicable",
     "lives_alone"),
    ("certificate for a hero", {"on": "2024-07-01", "category": "hero", "posthumous_certificate": True},
     "facts.not_applicable", "posthumous_certificate"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "facts", "code", "field"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusals(case, facts, code, field):
    with pytest.raises(FactsError) as caught:
        rules.due(facts)
    assert caught.value.code == code
    assert caught.value.field == field
    message = str(caught.value.message)
    assert message.startswith(f"{field}: ")
    assert any(ch in message for ch in "ảạãáàăâđêôơư"), message  # Vietnamese, with its diacritics


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", '"text"'])
def test_malformed_json_is_refused(raw):
    with pytest.raises(FactsError) as caught:
        rules.due(raw)
    assert caught.value.code in {"facts.bad_json", "facts.not_an_object"}
    assert caught.value.field == "facts"


# --- the tables themselves -------------------------------------------------------------------------


def _rows():
    with rules.ALLOWANCES_FILE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_each_table_holds_80_rows_per_invalid_appendix():
    rows = _rows()
    for schedule in ("75/2021", "55/2023", "77/2024"):
        for prefix in ("war_invalid", "war_invalid_b"):
            keys = {r["key"] for r in rows if r["schedule"] == schedule and r["key"].startswith(prefix + ".")}
            assert keys == {f"{prefix}.{rate}" for rate in range(21, 101)}


def test_the_published_tables_are_consistent_with_their_coefficients():
    """Each published amount is the previous table's coefficient × the new standard within 2.000 đ (the
    decrees round from the original coefficient): a typing mistake in a copied row shows here."""
    standards = {"75/2021": 1_624_000, "55/2023": 2_055_000, "77/2024": 2_789_000}
    previous = {"55/2023": "75/2021", "77/2024": "55/2023"}
    values = {(r["schedule"], r["key"]): int(r["value"]) for r in _rows() if r["unit"] == "dong"}
    for (schedule, key), amount in values.items():
        if schedule in previous:
            before = values[(previous[schedule], key)]
            expected = before * standards[schedule] / standards[previous[schedule]]
            assert abs(expected - amount) <= 2_000, (schedule, key, amount, expected)


def test_invalid_tables_rise_with_the_rate():
    for schedule in ("75/2021", "55/2023", "77/2024"):
        for prefix in ("war_invalid", "war_invalid_b"):
            rows = {
                r["key"]: int(r["value"])
                for r in _rows()
                if r["schedule"] == schedule and r["unit"] == "dong"
            }
            series = [rows[f"{prefix}.{rate}"] for rate in range(21, 101)]
            assert series == sorted(series) and len(set(series)) == 80


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (1_399_000 * 3_012_000, 2_789_000, 1_511_000),
        (1_500 * 1, 1, 2_000),
        (1_499 * 1, 1, 1_000),
        (2_500, 1, 3_000),
    ],
)
def test_round_thousand_half_up(numerator, denominator, expected):
    assert rules.round_thousand(numerator, denominator) == expected


def test_one_off_on_the_reported_standard_is_provisional():
    result = due(on="2026-07-01", category="martyr_relative", martyrs=2, posthumous_certificate=True)
    assert result.monthly_amount == 6_024_000  # PL I 3.2: 5.578.000 = 2 × 2.789.000 → 2 × 3.012.000
    assert result.one_off_amount == 60_240_000  # PL IV mục 3: 20 × 3.012.000
    assert result.provisional


def test_seniority_supplement_is_adjusted_per_year():
    result = due(on="2026-07-01", category="pre1945_activist", detached=True, seniority_years=2)
    # PL I 1.1: 3.117.000 → 3.366.212 → 3.366.000; 529.000 → 571.296 → 571.000 per year
    assert [line.amount for line in result.lines] == [3_366_000, 2 * 571_000]
    assert result.provisional
