"""A small archive for the web tests of issue 25: the seeds, and releases of other kinds written
here in a nested folder (a media advisory, a statement, a speech, a backgrounder, an invitation)."""
from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SEEDS, write_release

LONG_HEADLINE = ("Northwind Biotech and Southbay Health sign a five-year agreement to share laboratories, "
                 "train researchers and open a joint clinical trials office in Laval and in Halifax")
RELEASES = {
    "kinds/2024/advisory-en.txt": (
        " date 2024-05-01\nMEDIA ADVISORY\n\nMinister to announce support for a research centre in Laval\n\n"
        "LAVAL, QC, May 1, 2024 /CNW/ - The Minister will announce support for a research centre with "
        "Northwind Biotech on Friday at the centre's new laboratories.\n\n"
        "Media contact:\n\nJane Roe, Press Secretary, 555-0100, jane.roe@example.org\n"),
    "kinds/2024/statement-fr.txt": (
        " date 2024-03-12\nDéclaration de la ministre responsable des Sciences de la vie\n\n"
        "QUÉBEC, le 12 mars 2024 /CNW/ - La ministre a fait la déclaration suivante au sujet de la "
        "recherche clinique au Québec et du travail des chercheuses et des chercheurs.\n\n"
        "Renseignements :\n\nMarie Tremblay, attachée de presse, 418 555-0101\n"),
    "kinds/2023/speech-en.txt": (
        " date 2023-11-02\nSpeaking notes for the President of Northwind Biotech\n\nCheck against delivery\n\n"
        "Thank you all for coming to celebrate ten years of research in Halifax and in Laval.\n"),
    "kinds/2023/backgrounder-en.txt": (
        " date 2023-10-05\nBackgrounder\n\nFunding for clinical research in Nova Scotia\n\n"
        "The program supports clinical research projects led by hospitals and universities.\n"),
    "kinds/2022/invitation-fr.txt": (
        " date 2022-09-20\nInvitation aux médias - Inauguration du centre de recherche de Laval\n\n"
        "LAVAL, le 20 septembre 2022 - Les représentants des médias sont invités à l'inauguration du "
        "nouveau centre de recherche clinique.\n"),
    "kinds/2024/long-headline-en.txt": (
        f" date 2024-02-14\n{LONG_HEADLINE}\n\n"
        "HALIFAX, NS, Feb. 14, 2024 /CNW/ - Northwind Biotech and Southbay Health today signed an agreement "
        "to share laboratories and train researchers together.\n\n"
        "About Northwind Biotech\n\nNorthwind Biotech develops diagnostic tests for rare diseases.\n\n"
        "For more information:\n\nSam Doe, Communications, 555-0199\n"),
}
KIND_OF = {"advisory-en": "media-advisory", "statement-fr": "statement", "speech-en": "speech",
           "backgrounder-en": "backgrounder", "invitation-fr": "invitation", "long-headline-en": "news-release"}


def build_archive(root: Path) -> tuple[Path, Path]:
    """(source folder, index folder) of the seeds and RELEASES, indexed."""
    from searchapp.index.reindex import reindex

    source = root / "releases"
    shutil.copytree(SEEDS, source / "seeds")
    for name, text in RELEASES.items():
        folder, _, file_name = name.rpartition("/")
        write_release(source / folder, file_name, text)
    index_dir = root / "index"
    report = reindex([source], index_dir)
    assert not report.failed and report.added == 5 + len(RELEASES), report.summary()
    return source, index_dir


def release_id(index_dir: Path, stem: str) -> str:
    """The id of the release written as <stem>.txt."""
    from searchapp.search.service import SearchIndex, SearchRequest

    results = SearchIndex(index_dir).search(SearchRequest(per_page=50))
    hits = [*results.hits, *(h.translation for h in results.hits if h.translation)]
    return next(h.id for h in hits if h.source.endswith(f"/{stem}.txt"))
