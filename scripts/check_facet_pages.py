"""Measure by hand: on a generated archive, is every partner, region and speaker reachable
through its facet page, and how long do the results page and a facet page take?

    python scripts/check_facet_pages.py WORKDIR [--releases 2000]
"""
from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path
from urllib.parse import quote

from searchapp import create_app
from searchapp.bench.corpus import write_corpus
from searchapp.bench.sources import load_material
from searchapp.index.reindex import reindex

BOX = re.compile(r'<input type="checkbox" class="facet__box" id="v-\d+" name="(\w+)" value="([^"]*)"')


def timed(client, url: str, runs: int = 20) -> float:
    """Median milliseconds of a GET."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        assert client.get(url).status_code == 200, url
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workdir", type=Path)
    parser.add_argument("--releases", type=int, default=2000)
    args = parser.parse_args()
    source, index = args.workdir / "releases", args.workdir / "index"
    if not index.exists():
        write_corpus(source, args.releases, 7, load_material(()))
        reindex([source], index)
    client = create_app({"TESTING": True, "INDEX_DIR": str(index)}).test_client()
    for facet in ("partner", "region", "speaker"):
        url, values, pages = f"/facets/{facet}", [], 0
        while url:                                     # every page of the list
            html = client.get(url).get_data(as_text=True)
            values += BOX.findall(html)
            pages += 1
            following = re.search(r'<a href="([^"]+)" rel="next">', html)
            url = following.group(1).replace("&amp;", "&") if following else None
        reached = 0
        for name, value in values:
            value = value.replace("&#39;", "'").replace("&amp;", "&").replace("&quot;", '"')
            page = client.get(f"/search?{name}={quote(value)}").get_data(as_text=True)
            reached += 'value="%s" checked' % value.replace("&", "&amp;").replace("'", "&#39;") in page
        print(f"{facet}: {len(values)} values on {pages} facet page(s), {reached} reached as a checked filter")
    print(f"/search median {timed(client, '/search'):.1f} ms; /facets/partner median "
          f"{timed(client, '/facets/partner'):.1f} ms; /facets/partner?contains=bio "
          f"{timed(client, '/facets/partner?contains=bio'):.1f} ms")


if __name__ == "__main__":
    main()
