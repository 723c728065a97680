"""A small run of the load test (scripts/loadtest.py): real waitress server, real reindex beside it."""
from __future__ import annotations

from pathlib import Path

from scripts.loadtest import LoadConfig, report, run_load

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_the_site_answers_every_request_while_a_reindex_runs(tmp_path):
    """Two server processes, as on a machine of two cores: each opens the new index on its own."""
    config = LoadConfig(releases=200, reindex=60, clients=8, requests=300, max_seconds=600,
                        workdir=str(tmp_path), extra_sources=(str(SEEDS),), workers=2)
    figures = run_load(config, echo=lambda text: None)
    print(report(figures))
    assert figures.reindex_exit == 0, figures.reindex_summary
    assert figures.errors == 0, (figures.error_samples, figures.server_log_tail)
    assert figures.requests >= 300
    assert figures.during_reindex["count"] > 0
    assert figures.expected_releases == 5 + 200 + 60
    assert figures.indexed_releases == figures.expected_releases
    assert figures.lost == [] and figures.unexpected == []
    old, new = figures.totals_before_after
    assert new > old
    assert set(figures.empty_query_totals) <= {old, new}
    assert figures.ok
