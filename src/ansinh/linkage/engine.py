"""The Splink model: comparisons for Vietnamese person records, blocking, training and prediction on
DuckDB (embedded) or Apache Spark (local mode here, a cluster URL in production).

Nothing is downloaded at run time (no `splink_datasets`); no pandas: the input is an Arrow table and the
pairs come back as plain records.

Decision policy (anchors-labour §3.3): a pair merges automatically only when its probability is at least
`AUTO_THRESHOLD` *and* the personal IDs are equal; pairs from `REVIEW_THRESHOLD` up go to the review
queue; a pair is never merged on name and birth date alone.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

AUTO_THRESHOLD = 0.999
REVIEW_THRESHOLD = 0.9
PREDICT_THRESHOLD = 0.5  # pairs kept from prediction (the benchmark reads the curve below the review band)

# Comparison → labels of its levels, from the most to the least similar (gamma n-1 … 0); a null level,
# where there is one, is gamma -1. The same order as `_comparisons` builds them.
LEVELS: dict[str, list[str]] = {
    "given": ["accented given name agrees", "given name agrees without diacritics",
              "given name similar (Jaro-Winkler ≥ 0.92)", "same name words in another order",
              "given name differs"],
    "surname": ["family name agrees", "family name similar", "same name words in another order",
                "family name differs"],
    "middle": ["middle name agrees", "middle name similar", "same name words in another order",
               "middle name differs"],
    "dob": ["birth date agrees", "day and month swapped", "birth year agrees, one date is year only",
            "birth date one character apart", "birth year agrees", "birth date differs"],
    "pid": ["personal ID agrees", "personal ID 1–2 digits apart", "personal ID differs"],
    "commune": ["same commune", "same commune across the 2025 reform (old and new codes)",
                "same province", "different province"],
    "phone": ["phone agrees", "phone differs"],
    "sex": ["sex agrees", "sex differs"],
}  # fmt: skip
NULLABLE = {"given", "surname", "middle", "pid", "phone"}
COMPARISONS = tuple(LEVELS)

log = logging.getLogger(__name__)
# Splink narrates every EM iteration at INFO; the run keeps its own summary.
logging.getLogger("splink").setLevel(logging.WARNING)
# py4j logs its connection closing at interpreter exit, after pytest has closed the streams.
logging.getLogger("py4j").setLevel(logging.WARNING)


def _comparisons() -> list[Any]:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    def custom(name: str, levels: list[Any]) -> Any:
        labelled = []
        texts = iter(LEVELS[name])
        for level in levels:
            if isinstance(level, cll.NullLevel):
                labelled.append(level)
            else:
                labelled.append(level.configure(label_for_charts=next(texts)))
        return cl.CustomComparison(comparison_levels=labelled, output_column_name=name)

    def m(level: Any, value: float) -> Any:
        return level.configure(m_probability=value)

    return [
        custom(
            "given",
            [
                cll.NullLevel("given"),
                m(cll.ExactMatchLevel("given_accent"), 0.85),
                m(cll.ExactMatchLevel("given").configure(tf_adjustment_column="given"), 0.08),
                m(cll.JaroWinklerLevel("given", 0.92), 0.04),
                m(_same_words(cll), 0.01),
                m(cll.ElseLevel(), 0.02),
            ],
        ),
        custom(
            "surname",
            [
                cll.NullLevel("surname"),
                m(cll.ExactMatchLevel("surname").configure(tf_adjustment_column="surname"), 0.93),
                m(cll.JaroWinklerLevel("surname", 0.9), 0.04),
                m(_same_words(cll), 0.01),
                m(cll.ElseLevel(), 0.02),
            ],
        ),
        custom(
            "middle",
            [
                cll.NullLevel("middle"),
                m(cll.ExactMatchLevel("middle"), 0.88),
                m(cll.JaroWinklerLevel("middle", 0.88), 0.06),
                m(_same_words(cll), 0.01),
                m(cll.ElseLevel(), 0.05),
            ],
        ),
        custom(
            "dob",
            [
                m(cll.ExactMatchLevel("dob"), 0.8),
                m(
                    cll.CustomLevel("dob_d_l = dob_m_r AND dob_m_l = dob_d_r AND dob_y_l = dob_y_r"),
                    0.04,
                ),
                m(cll.CustomLevel("(dob_l IS NULL OR dob_r IS NULL) AND dob_y_l = dob_y_r"), 0.06),
                m(cll.LevenshteinLevel("dob", 1), 0.05),
                m(cll.CustomLevel("dob_y_l = dob_y_r"), 0.02),
                m(cll.ElseLevel(), 0.03),
            ],
        ),
        custom(
            "pid",
            [
                cll.NullLevel("pid"),
                # Equal IDs never occur between two registry persons (the ID is unique), so EM could not
                # learn this level from the registry: its m and u are fixed.
                cll.ExactMatchLevel("pid").configure(
                    m_probability=0.6, u_probability=1e-7, fix_m_probability=True, fix_u_probability=True
                ),
                m(cll.LevenshteinLevel("pid", 2), 0.3),
                m(cll.ElseLevel(), 0.1),
            ],
        ),
        custom(
            "commune",
            [
                m(cll.ExactMatchLevel("commune"), 0.8),
                m(cll.ExactMatchLevel("commune_now"), 0.05),
                m(cll.ExactMatchLevel("province"), 0.1),
                m(cll.ElseLevel(), 0.05),
            ],
        ),
        custom(
            "phone", [cll.NullLevel("phone"), m(cll.ExactMatchLevel("phone"), 0.7), m(cll.ElseLevel(), 0.3)]
        ),
        custom("sex", [m(cll.ExactMatchLevel("sex"), 0.98), m(cll.ElseLevel(), 0.02)]),
    ]


def _same_words(cll: Any) -> Any:
    """The name's words agree in another order: an order the preparation could not settle ("Lan Mai" /
    "Mai Lan"), seen by every name part so that it weighs as a name that agrees."""
    return cll.CustomLevel("name_set_l = name_set_r")


def blocking_rules() -> list[Any]:
    """Union of rules; never the family name alone (Nguyễn is ~40 % of records)."""
    from splink import block_on

    return [
        block_on("pid"),
        block_on("given", "dob"),
        block_on("surname", "middle", "dob_y", "province"),
        block_on("phone"),
        block_on("given", "dob_y", "commune_now"),
        block_on("name_set", "dob_y"),
    ]


BLOCKING_TEXT = [
    "pid",
    "given + dob",
    "surname + middle + dob_y + province",
    "phone",
    "given + dob_y + commune_now",
    "name words in any order + dob_y",
]


@dataclass
class Pair:
    left: int
    right: int
    match_weight: float
    match_probability: float
    levels: dict[str, dict[str, Any]]

    @property
    def id_agrees(self) -> bool:
        return self.levels.get("pid", {}).get("gamma") == len(LEVELS["pid"]) - 1

    @property
    def automatic(self) -> bool:
        return self.match_probability >= AUTO_THRESHOLD and self.id_agrees


@dataclass
class Result:
    engine: str
    records: int
    pairs: list[Pair]
    model: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)

    def parameters(self) -> dict[str, Any]:
        return {
            "auto_threshold": AUTO_THRESHOLD,
            "review_threshold": REVIEW_THRESHOLD,
            "blocking_rules": BLOCKING_TEXT,
            "timings": self.timings,
            "model": self.model,
        }


def _settings(link_type: str = "dedupe_only", prior: float = 1e-5) -> Any:
    from splink import SettingsCreator

    return SettingsCreator(
        link_type=link_type,
        comparisons=_comparisons(),
        blocking_rules_to_generate_predictions=blocking_rules(),
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
        probability_two_random_records_match=prior,
        em_convergence=0.001,
        max_iterations=10,
    )


def _train(linker: Any, records: int, *, estimate_prior: bool = True) -> None:
    from splink import block_on

    if estimate_prior:
        try:
            linker.training.estimate_probability_two_random_records_match(
                [block_on("pid"), block_on("name", "dob")], recall=0.7
            )
        except Exception as exc:  # too few deterministic matches in a small sample: keep the prior
            log.info("λ not estimated: %s", exc)
    linker.training.estimate_u_using_random_sampling(max_pairs=min(2e6, max(1e4, records * 20.0)), seed=1)
    for rule in (block_on("dob"), block_on("given", "surname", "dob_y")):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, fix_probability_two_random_records_match=True
            )
        except Exception as exc:  # no pair in a block of a tiny sample: the priors stand
            log.info("EM session skipped: %s", exc)


def _levels(row: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each comparison's level of a predicted pair: gamma, its label and its weight."""
    levels = {}
    for name in COMPARISONS:
        gamma = int(row[f"gamma_{name}"])
        weight = float(row.get(f"mw_{name}") or 0.0) + float(row.get(f"mw_tf_adj_{name}") or 0.0)
        labels = LEVELS[name]
        label = "unknown (missing)" if gamma < 0 else labels[len(labels) - 1 - gamma]
        levels[name] = {"gamma": gamma, "label": label, "weight": round(weight, 3)}
    return levels


def _pairs(records: list[dict[str, Any]]) -> list[Pair]:
    pairs = []
    for row in records:
        levels = _levels(row)
        left, right = int(row["unique_id_l"]), int(row["unique_id_r"])
        if left > right:
            left, right = right, left
        pairs.append(
            Pair(
                left=left,
                right=right,
                match_weight=float(row["match_weight"]),
                match_probability=float(row["match_probability"]),
                levels=levels,
            )
        )
    return pairs


def _run(db_api: Any, source: Any, records: int, engine: str, threshold: float) -> Result:
    from splink import Linker

    timings: dict[str, float] = {}
    start = time.perf_counter()
    linker = Linker(db_api.register(source) if not isinstance(source, str) else source, _settings())
    _train(linker, records)
    timings["train"] = time.perf_counter() - start
    mark = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    rows = predictions.as_record_list()
    timings["predict"] = time.perf_counter() - mark
    model = linker.misc.save_model_to_json()
    return Result(engine=engine, records=records, pairs=_pairs(rows), model=model, timings=timings)


def link_duckdb(data: pa.Table, *, threshold: float = REVIEW_THRESHOLD, memory: str = "") -> Result:
    """Dedupe `data` (a `prepare.table`) with DuckDB in this process."""
    import duckdb
    from splink import DuckDBAPI

    con = duckdb.connect()
    if memory:
        con.execute(f"SET memory_limit = '{memory}'")
    db_api = DuckDBAPI(connection=con)
    try:
        return _run(db_api, data, data.num_rows, "duckdb", threshold)
    finally:
        con.close()


# Share of the true matches between a file and the registry that the deterministic rules of
# `file_prior` find (the same assumption as the registry's own λ estimate).
DETERMINISTIC_RECALL = 0.7


def file_prior(con: Any, rows: pa.Table, registry: pa.Table) -> float:
    """The probability that a file row and a registry person taken at random are the same person.

    A row is at most one person, so it is (rows already in the registry) / (rows × registry size), at
    most 1 / registry size (every row registered) and at least 1 / (rows × registry size). The rows
    already registered are estimated by the rows a deterministic rule links (an equal personal ID, or
    the same name words and full birth date), divided by the rules' recall, `DETERMINISTIC_RECALL`; one
    row at least, all of them at most. Counted with two equi-joins in DuckDB (no pair is scored)."""
    n_rows, n_registry = max(rows.num_rows, 1), max(registry.num_rows, 2)
    con.register("prior_file", rows)
    con.register("prior_registry", registry)
    try:
        ((linked,),) = con.execute(
            """
            SELECT count(DISTINCT id) FROM (
                SELECT f.unique_id AS id FROM prior_file f JOIN prior_registry r ON f.pid = r.pid
                UNION ALL
                SELECT f.unique_id FROM prior_file f
                JOIN prior_registry r ON f.name_set = r.name_set AND f.dob = r.dob
            )
            """
        ).fetchall()
    finally:
        con.unregister("prior_file")
        con.unregister("prior_registry")
    registered = min(max(linked / DETERMINISTIC_RECALL, 1.0), float(n_rows))
    return registered / (n_rows * n_registry)


@dataclass
class FileLink:
    """A file row and a registry person it probably is (link-only: never two rows, never two persons)."""

    row: int  # the row's number in the file (the header is row 1)
    person_id: int
    match_weight: float
    match_probability: float
    levels: dict[str, dict[str, Any]]


def link_against(
    rows: pa.Table, registry: pa.Table, *, threshold: float = REVIEW_THRESHOLD
) -> tuple[list[FileLink], dict[str, Any]]:
    """Link the rows of a file (a `prepare.table` whose ids are row numbers) against registry records
    (a `prepare.table` of persons) with DuckDB, in link-only mode: the same comparisons, blocking and
    training as the registry's own linkage, except the prior, which is estimated from the file
    (`file_prior`). Returns the links from `threshold` up, best first for each row, and the trained model
    (its `probability_two_random_records_match` is the prior taken)."""
    import duckdb
    from splink import DuckDBAPI, Linker

    con = duckdb.connect()
    try:
        prior = file_prior(con, rows, registry)
        db_api = DuckDBAPI(connection=con)
        inputs = [
            db_api.register(rows, dataset_display_name="file"),
            db_api.register(registry, dataset_display_name="registry"),
        ]
        linker = Linker(inputs, _settings("link_only", prior=prior))
        _train(linker, rows.num_rows + registry.num_rows, estimate_prior=False)
        predicted = linker.inference.predict(threshold_match_probability=threshold).as_record_list()
        model = linker.misc.save_model_to_json()
    finally:
        con.close()
    links = []
    for found in predicted:
        left, right = int(found["unique_id_l"]), int(found["unique_id_r"])
        if found["source_dataset_l"] != "file":
            left, right = right, left
        links.append(
            FileLink(
                row=left,
                person_id=right,
                match_weight=float(found["match_weight"]),
                match_probability=float(found["match_probability"]),
                levels=_levels(found),
            )
        )
    links.sort(key=lambda link: (link.row, -link.match_weight, link.person_id))
    return links, model


LOCAL_MODE = {
    "spark.sql.adaptive.enabled": "false",
    "spark.locality.wait": "0s",
    "spark.sql.inMemoryColumnarStorage.compressed": "false",
    "spark.shuffle.compress": "false",
    "spark.rdd.compress": "false",
}


@contextmanager
def spark_session(*, master: str = "", workdir: Path | None = None) -> Iterator[Any]:
    """A Spark session for linkage: `local[2]` here (or ANSINH_SPARK_MASTER), small driver, no web UI,
    scratch space under `workdir`. Splink's similarity functions come from its bundled jar."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    scratch = Path(tempfile.mkdtemp(prefix="spark-", dir=workdir))
    master = master or os.environ.get("ANSINH_SPARK_MASTER", "local[2]")
    builder = (
        SparkSession.builder.master(master)
        .appName("ansinh-linkage")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", os.environ.get("ANSINH_SPARK_DRIVER_MEMORY", "1g"))
        .config("spark.sql.shuffle.partitions", "2")
        # Linkage runs many small queries with wide CASE expressions: compiling each costs more than it saves.
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.default.parallelism", "2")
        .config("spark.local.dir", str(scratch))
        .config("spark.sql.warehouse.dir", str(scratch / "warehouse"))
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.extraJavaOptions", f"-Djava.io.tmpdir={scratch}")
    )
    if master.startswith("local"):
        # Hundreds of small jobs on one machine: re-planning each stage (adaptive execution), waiting for
        # data locality and compressing what never leaves the machine cost more than they save
        # (docs/benchmarks.md). A cluster keeps Spark's defaults.
        for key, value in LOCAL_MODE.items():
            builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.setCheckpointDir(str(scratch / "checkpoints"))
    try:
        yield spark
    finally:
        spark.stop()
        shutil.rmtree(scratch, ignore_errors=True)


def link_spark(
    data: pa.Table, *, threshold: float = REVIEW_THRESHOLD, workdir: Path | None = None, master: str = ""
) -> Result:
    """Dedupe `data` on Spark: the records are written to Parquet partitioned by province, Spark reads
    them, Splink links them there, and the pairs come back."""
    import pyarrow.parquet as pq
    from splink import SparkAPI

    with spark_session(master=master, workdir=workdir) as spark:
        folder = Path(tempfile.mkdtemp(prefix="registry-", dir=workdir))
        try:
            pq.write_to_dataset(data, root_path=str(folder), partition_cols=["province"])
            frame = spark.read.parquet(str(folder))
            db_api = SparkAPI(spark_session=spark, break_lineage_method="persist")
            return _run(db_api, frame, data.num_rows, "spark", threshold)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def link(
    data: pa.Table, *, engine: str = "duckdb", threshold: float = REVIEW_THRESHOLD, **options: Any
) -> Result:
    if engine == "spark":
        return link_spark(data, threshold=threshold, **options)
    return link_duckdb(data, threshold=threshold, **options)
