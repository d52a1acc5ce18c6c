"""Issue 22, item 1 (last sentence): an outlet's own name and domain tokens never appear in
keyness, TF-IDF or collocate tables as terms, and the tables say which terms they dropped
(``attrs["dropped_terms"]``).

The generated scrape names its outlet twice over: in the datelines and furniture (which the
cleaner should remove) and inside the prose ("kata Rina Hartono kepada Liputan6.com"), which
stays in the text and must still not come out as the outlet's key term.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import bingkai
import issue22_scrapes as scrapes

TOP = 20
NAMES = set().union(*scrapes.NAME_TOKENS.values()) | scrapes.DOMAIN_PARTS


def named(term: str) -> bool:
    """A term that is an outlet's name or domain token (or glued to one: "surabayaliputan6.com")."""
    t = str(term).casefold()
    return t in NAMES or any(name in t for name in NAMES if "." in name or len(name) > 4)


@pytest.fixture(scope="module")
def frame(tmp_path_factory):
    path = scrapes.write_csv(scrapes.scrape(30), Path(tmp_path_factory.mktemp("i22terms")) / "scrape.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return scrapes.read(path)


def test_the_fixture_names_outlets_inside_the_prose(frame):
    """Guard: the name stays in the text ("kepada Kompas.com"), so dropping it is the tables' job."""
    for outlet, (name, _) in scrapes.OUTLETS.items():
        texts = frame.loc[frame["outlet"] == outlet, "text"]
        assert texts.str.contains(f"kepada {name}", regex=False).any(), outlet


@pytest.mark.parametrize("outlet", sorted(scrapes.OUTLETS))
def test_no_outlet_name_among_keyness_terms(frame, outlet):
    table = bingkai.keyness(frame, target=outlet)
    assert not [t for t in table["term"].head(TOP) if named(t)]
    assert not [t for t in table["term"] if named(t)]
    dropped = set(table.attrs["dropped_terms"])
    assert scrapes.NAME_TOKENS[outlet] & dropped, dropped


def test_no_outlet_name_among_tfidf_terms(frame):
    table = bingkai.tfidf(frame, by="outlet", top=TOP)
    assert not [t for t in table["term"] if named(t)]
    assert "dropped_terms" in table.attrs
    by_doc = bingkai.tfidf(frame, by="doc", top=5)
    assert not [t for t in by_doc["term"] if named(t)]


def test_no_outlet_name_among_collocates(frame):
    table = bingkai.collocates(frame, "kepada")
    assert not [t for t in table["collocate"] if named(t)]
    assert {"liputan6.com", "kompas.com"} <= set(table.attrs["dropped_terms"])


def test_ordinary_words_stay_terms(frame):
    """Guard: dropping names does not drop the prose's own words."""
    terms = set(bingkai.keyness(frame, target="kompas")["term"])
    assert {"warga", "kelompok", "senjata"} <= terms
