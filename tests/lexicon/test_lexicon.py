"""Lexicon CSVs: packaged content, validation errors with row numbers, match
keys and the phrase matcher."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bingkai
from bingkai.errors import BingkaiInputError
from bingkai.lexicon.packs import PhraseMatcher, match_key, resolve_labels, variant_key


@pytest.fixture(scope="module")
def labels() -> pd.DataFrame:
    return bingkai.load_labels()


@pytest.fixture(scope="module")
def actors() -> pd.DataFrame:
    return bingkai.load_actors()


def _label_of(labels: pd.DataFrame, variant: str) -> str:
    hit = labels[labels["key"] == variant_key(variant)]
    assert len(hit) == 1, variant
    return hit["label"].iloc[0]


def _actor_of(actors: pd.DataFrame, alias: str) -> str:
    hit = actors[actors["key"] == variant_key(alias)]
    assert len(hit) == 1, alias
    return hit["actor"].iloc[0]


# ------------------------------------------------------------ packaged content

def test_packaged_labels_columns(labels):
    assert list(labels.columns) == ["label", "variant", "frame", "applies_to", "display", "note", "requires",
                                    "excludes", "span", "needs_actor", "names_actor", "sense", "key", "source",
                                    "row"]


@pytest.mark.parametrize("variant,label,frame", [
    # every entry the issue lists
    ("teroris", "teroris", "terror"), ("terorisme", "teroris", "terror"),
    ("kelompok teroris", "teroris", "terror"), ("organisasi teroris", "teroris", "terror"),
    ("ekstremis", "ekstremis", "terror"), ("ekstrim", "ekstremis", "terror"),
    ("radikal", "radikal", "terror"), ("jihadis", "jihadis", "terror"),
    ("militan", "militan", "militancy"), ("milisi", "milisi", "militancy"),
    ("kelompok bersenjata", "kelompok bersenjata", "militancy"),
    ("orang bersenjata", "orang bersenjata", "militancy"),
    ("gerilyawan", "gerilyawan", "militancy"),
    ("pemberontak", "pemberontak", "rebellion"), ("para pemberontak", "pemberontak", "rebellion"),
    ("kelompok pemberontak", "pemberontak", "rebellion"),
    ("pasukan pemberontak", "pemberontak", "rebellion"),
    ("pemberontakan", "pemberontakan", "rebellion"),
    ("oposisi", "oposisi", "opposition"), ("pasukan oposisi", "oposisi", "opposition"),
    ("kelompok oposisi", "oposisi", "opposition"), ("pihak oposisi", "oposisi", "opposition"),
    ("pejuang", "pejuang", "opposition"), ("revolusioner", "revolusioner", "opposition"),
    ("anti-Assad", "anti-Assad", "opposition"), ("anti-Bashar", "anti-Assad", "opposition"),
    ("rezim", "rezim", "state_legitimacy"), ("pemerintah", "pemerintah", "state_legitimacy"),
    ("pemerintahan", "pemerintah", "state_legitimacy"),
    ("pasukan pemerintah", "pasukan pemerintah", "state_legitimacy"),
    ("tentara Suriah", "tentara Suriah", "state_legitimacy"),
    ("negara agresor", "negara agresor", "aggression"), ("agresor", "agresor", "aggression"),
    ("penjajah", "penjajah", "aggression"),
    ("perlawanan", "perlawanan", "resistance"), ("tentara perlawanan", "perlawanan", "resistance"),
    ("pasukan perlawanan", "perlawanan", "resistance"),
])
def test_issue_label_entries(labels, variant, label, frame):
    assert _label_of(labels, variant) == label
    assert labels.loc[labels["label"] == label, "frame"].unique().tolist() == [frame]


def test_anti_pemerintah_is_not_a_label(labels):
    # issue: "anti-pemerintah" is not a label of an armed group; it is one
    # token, so the "pemerintah" variant cannot match inside it either
    assert variant_key("anti-pemerintah") == ("anti-pemerintah",)
    assert not (labels["key"] == variant_key("anti-pemerintah")).any()


@pytest.mark.parametrize("alias,actor", [
    ("Hay'at Tahrir al-Sham", "hts"), ("Hay’at Tahrir al-Sham", "hts"),
    ("Hayat Tahrir al-Sham", "hts"), ("Hayi'at Tahrir Al Shams", "hts"), ("HTS", "hts"),
    ("Jabhat al-Nusra", "hts"), ("Al Nusra", "hts"), ("Abu Mohammad al-Julani", "hts"),
    ("Jolani", "hts"), ("Jaulani", "hts"),
    ("Bashar al-Assad", "syrian_government"), ("Assad", "syrian_government"),
    ("pemerintah Suriah", "syrian_government"),
    ("Rusia", "russia"), ("Putin", "russia"), ("Vlad", "russia"), ("Kremlin", "russia"),
    ("Moskow", "russia"), ("VSRF", "russia"),
    ("Iran", "iran"), ("Turki", "turkey"), ("ISIS", "isis"), ("Negara Islam", "isis"),
    ("SDF", "sdf"), ("Pasukan Demokratik Suriah", "sdf"), ("Kurdi", "sdf"),
    ("Hizbullah", "hezbollah"), ("Ukraina", "ukraine"), ("HUR", "ukraine"), ("Kyiv", "ukraine"),
    ("AS", "usa"), ("Amerika Serikat", "usa"),
])
def test_issue_actor_aliases(actors, alias, actor):
    assert _actor_of(actors, alias) == actor


def test_one_kind_per_actor_and_place_for_country(actors):
    kinds = actors.groupby("actor")["kind"].nunique()
    assert (kinds == 1).all()
    assert _actor_of(actors, "Suriah") == "syria"
    assert actors.loc[actors["actor"] == "syria", "kind"].iloc[0] == "place"


# ------------------------------------------------------------------ match keys

def test_match_key_reduplication():
    assert match_key("kelompok-kelompok") == "kelompok"
    assert match_key("teroris-teroris") == "teroris"
    # not full reduplication: unchanged
    assert match_key("kocar-kacir") == "kocar-kacir"
    assert match_key("al-sham") == "al-sham"
    assert match_key("anti-assad") == "anti-assad"


def test_variant_key_normalises_quotes_and_case():
    assert variant_key("Hay’at Tahrir al-Sham") == variant_key("HAY'AT tahrir AL-SHAM") == \
        ("hay'at", "tahrir", "al-sham")
    assert variant_key("kelompok-kelompok teroris") == ("kelompok", "teroris")


# ------------------------------------------------------------------ validation

def _write(tmp_path, text, name="lex.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _error(loader, path) -> BingkaiInputError:
    with pytest.raises(BingkaiInputError) as info:
        loader(path)
    err = info.value
    assert err.path == str(path)
    assert str(path) in str(err)
    return err


def test_unknown_column(tmp_path):
    p = _write(tmp_path, "label,variant,frame,applies_to,note,colour\nteroris,teroris,terror,any,,red\n")
    err = _error(bingkai.load_labels, p)
    assert err.row == 1 and "colour" in str(err)


def test_missing_column(tmp_path):
    p = _write(tmp_path, "label,variant,frame\nteroris,teroris,terror\n")
    err = _error(bingkai.load_labels, p)
    assert err.row == 1 and "applies_to" in str(err)


def test_note_column_is_optional(tmp_path):
    p = _write(tmp_path, "label,variant,frame,applies_to\nteroris,teroris,terror,any\n")
    lab = bingkai.load_labels(p)
    assert lab["note"].tolist() == [""]


def test_empty_variant_names_spreadsheet_row(tmp_path):
    # header = row 1, a blank line = row 3 (a spreadsheet shows it), so the
    # empty variant is on row 4
    p = _write(tmp_path, "label,variant,frame,applies_to,note\n"
                         "teroris,teroris,terror,any,\n"
                         "\n"
                         "milisi,  ,militancy,any,\n")
    err = _error(bingkai.load_labels, p)
    assert err.row == 4 and "variant" in str(err)


def test_variant_mapped_to_two_labels(tmp_path):
    p = _write(tmp_path, "label,variant,frame,applies_to,note\n"
                         "teroris,teroris,terror,any,\n"
                         "milisi,milisi,militancy,any,\n"
                         "militan,Teroris,militancy,any,\n")
    err = _error(bingkai.load_labels, p)
    assert err.row == 4
    assert "'teroris'" in str(err) and "row 2" in str(err)


def test_curly_and_straight_apostrophe_alias_collide(tmp_path):
    p = _write(tmp_path, "actor,alias,kind,note\n"
                         "hts,Hay'at Tahrir,armed_group,\n"
                         "other,Hay’at Tahrir,armed_group,\n")
    err = _error(bingkai.load_actors, p)
    assert err.row == 3 and "row 2" in str(err)


def test_duplicate_variant_same_label(tmp_path):
    p = _write(tmp_path, "label,variant,frame,applies_to\nteroris,teroris,terror,any\nteroris,teroris,terror,any\n")
    err = _error(bingkai.load_labels, p)
    assert err.row == 3 and "repeats row 2" in str(err)


def test_label_with_two_frames(tmp_path):
    p = _write(tmp_path, "label,variant,frame,applies_to\nteroris,teroris,terror,any\n"
                         "teroris,terorisme,militancy,any\n")
    err = _error(bingkai.load_labels, p)
    assert err.row == 3 and "frame" in str(err)


def test_unknown_applies_to(tmp_path):
    p = _write(tmp_path, "label,variant,frame,applies_to\nteroris,teroris,terror,armed group\n")
    err = _error(bingkai.load_labels, p)
    assert err.row == 2 and "applies_to" in str(err)


def test_variant_without_tokens(tmp_path):
    p = _write(tmp_path, "label,variant,frame,applies_to\nteroris,   ,terror,any\n")
    assert _error(bingkai.load_labels, p).row == 2
    p = _write(tmp_path, "label,variant,frame,applies_to\nteroris,\u200b,terror,any\n")
    assert _error(bingkai.load_labels, p).row == 2


@pytest.mark.parametrize("bad_id", ["HTS", "syrian government", "unattributed", "1st"])
def test_bad_actor_id(tmp_path, bad_id):
    p = _write(tmp_path, f"actor,alias,kind\n{bad_id},HTS,armed_group\n")
    assert _error(bingkai.load_actors, p).row == 2


def test_actor_two_kinds_and_unknown_kind(tmp_path):
    p = _write(tmp_path, "actor,alias,kind\nrussia,Rusia,foreign_power\nrussia,Putin,person\n")
    err = _error(bingkai.load_actors, p)
    assert err.row == 3 and "kind" in str(err)
    p = _write(tmp_path, "actor,alias,kind\nrussia,Rusia,country\n")
    assert _error(bingkai.load_actors, p).row == 2


def test_alias_mapped_to_two_actors(tmp_path):
    p = _write(tmp_path, "actor,alias,kind\nsyrian_government,Assad,state\nsyria,assad,place\n")
    err = _error(bingkai.load_actors, p)
    assert err.row == 3 and "'syrian_government'" in str(err)


def test_too_many_cells(tmp_path):
    p = _write(tmp_path, "actor,alias,kind\nusa,Amerika, Serikat,foreign_power\n")
    assert _error(bingkai.load_actors, p).row == 2


def test_missing_file(tmp_path):
    _error(bingkai.load_labels, tmp_path / "nope.csv")


def test_dataframe_lexicon_revalidated(labels):
    edited = pd.concat([labels, labels.iloc[[0]]], ignore_index=True)
    with pytest.raises(BingkaiInputError) as info:
        resolve_labels(edited)
    assert info.value.row == len(labels) + 2  # header + appended last row
    assert resolve_labels(labels.drop(columns="key"))["key"].tolist() == labels["key"].tolist()


# --------------------------------------------------------------------- matcher

def test_matcher_longest_leftmost_nonoverlapping():
    keys = [("teroris",), ("kelompok", "teroris"), ("pemerintah",), ("pemerintah", "suriah"),
            ("suriah",)]
    m = PhraseMatcher(keys)
    toks = ["kelompok", "teroris", "dan", "pemerintah", "suriah", "suriah"]
    assert m.find(toks) == [(0, 2, 1), (3, 5, 3), (5, 6, 4)]


def test_matcher_respects_segments():
    m = PhraseMatcher([("negara", "agresor"), ("agresor",)])
    # the phrase is split across two sentences: only the lone "agresor"
    assert m.find(["negara", "agresor"], segments=[0, 1]) == [(1, 2, 1)]
    assert m.find(["negara", "agresor"], segments=[0, 0]) == [(0, 2, 0)]


VOCAB = ["a", "b", "c", "d"]


@settings(max_examples=60, deadline=None)
@given(keys=st.lists(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=3).map(tuple),
                     min_size=1, max_size=6, unique=True),
       toks=st.lists(st.sampled_from(VOCAB), max_size=25))
def test_matcher_properties(keys, toks):
    found = PhraseMatcher(keys).find(toks)
    pos = 0
    covered = set()
    for s, e, k in found:
        assert s >= pos  # ordered, non-overlapping
        assert tuple(toks[s:e]) == keys[k]
        # no longer key matches at the same start
        assert not any(len(q) > e - s and tuple(toks[s:s + len(q)]) == q for q in keys)
        covered.update(range(s, e))
        pos = e
    # greedy scan: every position outside a match was tried and matched nothing
    for i in range(len(toks)):
        if i not in covered:
            assert not any(tuple(toks[i:i + len(q)]) == q for q in keys)
