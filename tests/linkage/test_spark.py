"""The same linkage on Apache Spark (local mode), on a sample: skipped only where Java is absent (CI installs
it, see .ci/run)."""

from __future__ import annotations

import pytest

from ansinh.linkage.models import CandidatePair
from ansinh.linkage.services import dedup_run
from tests.linkage.conftest import requires_java

pytestmark = [pytest.mark.django_db, pytest.mark.spark, requires_java]


def test_spark_finds_the_planted_duplicates_like_duckdb(planted, tmp_path):
    _persons, truth = planted
    run = dedup_run(actor=None, province_code="11", engine_name="spark", workdir=tmp_path)
    assert run.status == "done" and run.engine == "spark"
    stored = CandidatePair.objects.filter(run=run)
    found = set(stored.values_list("left_id", "right_id"))
    assert len(found & truth) >= 9
    assert len(found - truth) <= 1
    assert all(set(p.levels) >= {"given", "dob", "pid", "commune"} for p in stored)
    assert run.parameters["model"]["comparisons"]
    assert not any(tmp_path.iterdir()), "Spark's scratch space and the Parquet export are cleaned up"


def test_local_mode_drops_the_per_job_overheads_a_cluster_keeps(tmp_path):
    from ansinh.linkage.engine import LOCAL_MODE, spark_session

    with spark_session(master="local[1]", workdir=tmp_path) as spark:
        assert {key: spark.conf.get(key) for key in LOCAL_MODE} == LOCAL_MODE
        assert spark.conf.get("spark.sql.shuffle.partitions") == "2"
