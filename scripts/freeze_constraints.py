"""Write constraints.txt: the installed version of every package searchapp[test] needs,
directly or through another (run by hand after an upgrade that the tests passed).

    python scripts/freeze_constraints.py > constraints.txt
"""
from __future__ import annotations

import configparser
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

SETUP_CFG = Path(__file__).resolve().parent.parent / "setup.cfg"


def top_level() -> list[Requirement]:
    config = configparser.ConfigParser()
    config.read(SETUP_CFG, encoding="utf-8")
    lines = config["options"]["install_requires"].splitlines()
    lines += config["options.extras_require"]["test"].splitlines()
    return [Requirement(line) for line in lines if line.strip()]


def closure(requirements: list[Requirement]) -> dict[str, str]:
    pinned: dict[str, str] = {}
    todo = [(requirement, ()) for requirement in requirements]
    while todo:
        requirement, extras = todo.pop()
        if requirement.marker and not any(requirement.marker.evaluate({"extra": e}) for e in extras or ("",)):
            continue
        name = canonicalize_name(requirement.name)
        if name in pinned:
            continue
        distribution = metadata.distribution(requirement.name)
        pinned[name] = distribution.version
        for line in distribution.requires or []:
            todo.append((Requirement(line), tuple(requirement.extras)))
    return pinned


def main() -> None:
    pinned = closure(top_level())
    print("# The versions searchapp[test] was tested with: pip install -c constraints.txt -e '.[test]'")
    print("# Written by scripts/freeze_constraints.py.")
    for name in sorted(pinned):
        print(f"{name}=={pinned[name]}")


if __name__ == "__main__":
    sys.exit(main())
