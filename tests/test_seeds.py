"""The raw seed articles stay exactly as collected."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
# the manifest `bingkai corpus build` verifies the seeds against
MANIFEST = SEEDS / "SHA256SUMS"
SHARED = ROOT.parent / "shared" / "seeds"


def manifest() -> dict[str, str]:
    entries = {}
    for line in MANIFEST.read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        entries[name.strip()] = digest
    return entries


def test_manifest_lists_every_seed_and_nothing_else():
    assert sorted(manifest()) == sorted(p.name for p in SEEDS.iterdir() if p.is_file() and p != MANIFEST)
    assert len(manifest()) == 5


@pytest.mark.parametrize("name", sorted(manifest()))
def test_seed_matches_manifest(name):
    assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == manifest()[name]


@pytest.mark.skipif(not SHARED.is_dir(), reason="maintainers only: compares seeds/ with the project's "
                    "read-only reference copy in ../shared/seeds/, which a clone does not have "
                    "(seeds/SHA256SUMS is checked instead)")
@pytest.mark.parametrize("name", sorted(manifest()))
def test_seed_is_byte_identical_to_shared_copy(name):
    assert (SEEDS / name).read_bytes() == (SHARED / name).read_bytes()
