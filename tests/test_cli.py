"""The command line: exact interface, exit codes, JSON, readable output."""
from __future__ import annotations

import json

from searchapp.cli.commands import main

from conftest import SEED_IDS, SEEDS, write_release


def test_reindex_then_search_json(runner, tmp_path):
    index = str(tmp_path / "index")
    result = runner.invoke(main, ["reindex", str(SEEDS), "--index", index])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == \
        "indexed 5 releases: 5 added, 0 updated, 0 removed, 0 unchanged, 0 failed"
    result = runner.invoke(main, ["search", "MassBio", "--json", "--index", index])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["query"] == "MassBio" and data["total"] == 1 and data["page"] == 1
    assert {data["hits"][0]["id"], data["hits"][0]["translation"]["id"]} == {SEED_IDS["001"], SEED_IDS["003"]}


def test_search_readable_output_and_filters(runner, seed_index_dir):
    result = runner.invoke(main, ["search", "", "--partner", "lso", "--index", str(seed_index_dir)])
    assert result.exit_code == 0, result.output
    assert "1 result for every release" in result.output
    assert "Life Sciences Ontario" in result.output


def test_index_from_environment(runner, seed_index_dir):
    result = runner.invoke(main, ["search", "Ontario", "--json"], env={"SEARCHAPP_INDEX": str(seed_index_dir)})
    assert result.exit_code == 0
    assert json.loads(result.output)["total"] >= 1


def test_search_options(runner, seed_index_dir):
    args = ["search", "", "--lang", "en", "--year", "2021", "--sort", "date", "--limit", "5", "--page", "1",
            "--from", "2020", "--to", "2022-12-31", "--json", "--index", str(seed_index_dir)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert [hit["id"] for hit in json.loads(result.output)["hits"]] == [SEED_IDS["004"]]


def test_usage_errors_exit_2(runner, seed_index_dir):
    assert runner.invoke(main, ["search", "x", "--from", "2024-02-31", "--index", str(seed_index_dir)]).exit_code == 2
    assert runner.invoke(main, ["search", "x", "--lang", "de", "--index", str(seed_index_dir)]).exit_code == 2
    assert runner.invoke(main, ["reindex", "--bogus"]).exit_code == 2


def test_rejected_file_exits_1_and_is_named(runner, tmp_path):
    folder = tmp_path / "src"
    write_release(folder, "ok.txt", "Titre\n\nUn communiqué sur la recherche clinique au Québec.\n")
    write_release(folder, "empty.txt", "")
    result = runner.invoke(main, ["reindex", str(folder), "--index", str(tmp_path / "index")])
    assert result.exit_code == 1
    assert "empty.txt: rejected: empty file" in result.output
    assert "1 added" in result.output and "1 failed" in result.output


def test_missing_index_exits_4(runner, tmp_path):
    result = runner.invoke(main, ["search", "x", "--index", str(tmp_path / "none")])
    assert result.exit_code == 4
    assert "searchapp reindex" in result.output


def test_stats(runner, seed_index_dir):
    result = runner.invoke(main, ["stats", "--index", str(seed_index_dir)])
    assert result.exit_code == 0
    assert "releases: 5" in result.output
    assert "fr 3" in result.output and "en 2" in result.output
    data = json.loads(runner.invoke(main, ["stats", "--json", "--index", str(seed_index_dir)]).output)
    assert data["releases"] == 5 and data["bytes"] > 0


def _console_script(*args: str, cwd) -> "subprocess.CompletedProcess":
    """The installed `searchapp` entry point, in its own process (it leaves with os._exit)."""
    import subprocess
    import sys
    from importlib.metadata import entry_points

    [entry] = [e for e in entry_points(group="console_scripts") if e.name == "searchapp"]
    module, function = entry.value.split(":")
    code = f"import sys; sys.argv = ['searchapp', *sys.argv[1:]]; from {module} import {function}; {function}()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def test_the_console_script_flushes_its_output_and_keeps_the_exit_codes(tmp_path, seeds_copy):
    (seeds_copy / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    index_dir = tmp_path / "index"
    done = _console_script("reindex", "--index", str(index_dir), str(seeds_copy), cwd=tmp_path)
    assert done.returncode == 1                                     # one file rejected, the rest indexed
    assert "binary.txt: rejected:" in done.stderr and "5 added" in done.stdout
    found = _console_script("search", "--index", str(index_dir), "--json", "partenariat", cwd=tmp_path)
    assert found.returncode == 0 and json.loads(found.stdout)["total"] >= 2
    missing = _console_script("search", "--index", str(tmp_path / "nowhere"), "x", cwd=tmp_path)
    assert missing.returncode == 4 and "searchapp reindex" in missing.stderr


def test_reindex_yields_the_processor_to_the_site(tmp_path):
    """The reindex lowers its own priority (default 10, --nice N, 0 leaves it), so that a site
    served from the same machine goes first; the workers it forks inherit it."""
    import os
    import subprocess
    import sys

    script = ("import os, sys\nfrom searchapp.cli.commands import main\nbase = os.nice(0)\n"
              "try:\n    main(sys.argv[1:])\nexcept SystemExit as done:\n    assert done.code == 0, done.code\n"
              "print(os.nice(0) - base)\n")
    lowered = {}
    for number, args in enumerate([[], ["--nice", "3"], ["--nice", "0"]]):
        command = [sys.executable, "-c", script, "reindex", str(SEEDS), "--index", str(tmp_path / f"ix{number}"), *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        lowered[" ".join(args)] = int(done.stdout.strip().splitlines()[-1])
    headroom = 19 - os.nice(0)
    assert lowered == {"": min(10, headroom), "--nice 3": min(3, headroom), "--nice 0": 0}
