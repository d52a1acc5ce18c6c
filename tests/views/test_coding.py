"""The coding workflow: sample_for_coding writes a sheet; coding_agreement
reads coded sheets back. Expected precisions are counted by hand from the
codes written here; Krippendorff's alpha is worked out by hand from its
coincidence-matrix definition (Krippendorff 2011, nominal data)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from scipy import stats

import bingkai
from bingkai.views.coding import CODE_COLUMNS, SHEET_COLUMNS
from bingkai.errors import BingkaiInputError

ROOT = Path(__file__).resolve().parents[2]

TEXTS = (
    "Cuaca ekstrem melanda kota. Kelompok ekstrem itu menyerang desa.",
    "“Para teroris itu kalah,” kata Putin. Pemerintah menaikkan harga BBM.",
    "Militan dari HTS menguasai kota. Rezim Assad membantah laporan itu.",
    "Warga memberikan perlawanan sengit kepada petugas. Pasukan pemberontak maju ke selatan.",
)


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    rows = [{"doc_id": f"d{i}", "outlet": "AB"[i % 2], "domain": "", "published": "", "period": "p",
             "republished_from": "", "title": "", "subtitle": "", "text": t} for i, t in enumerate(TEXTS)]
    return pd.DataFrame(rows)


def test_sheet_columns_marks_and_statuses(corpus):
    sheet = bingkai.sample_for_coding(corpus, size=50)
    assert list(sheet.columns) == SHEET_COLUMNS + CODE_COLUMNS
    # every match, rejected ones included: ekstrem x2, teroris, pemerintah,
    # militan, rezim, perlawanan, pemberontak
    assert len(sheet) == 8
    status = dict(zip(sheet["sentence"], sheet["status"]))
    assert status["Cuaca [[ekstrem]] melanda kota."] == "rejected:excludes"
    assert status["Kelompok [[ekstrem]] itu menyerang desa."] == "framing"
    assert status["[[Pemerintah]] menaikkan harga BBM."] == "needs_actor"
    assert status["Warga memberikan [[perlawanan]] sengit kepada petugas."] == "rejected:requires"
    row = sheet[sheet["label"] == "teroris"].iloc[0]
    assert (row["voice"], row["speaker"], row["speaker_actor"]) == ("quoted", "Putin", "russia")
    assert (sheet[CODE_COLUMNS] == "").all().all()
    assert sheet["occurrence_id"].is_unique


def test_sample_is_seeded_and_written(corpus, tmp_path):
    a = bingkai.sample_for_coding(corpus, size=3, seed=7, path=tmp_path / "a.csv")
    b = bingkai.sample_for_coding(corpus, size=3, seed=7, path=tmp_path / "b.csv")
    c = bingkai.sample_for_coding(corpus, size=3, seed=8)
    assert len(a) == 3 and (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert len(c) == 3
    assert a["occurrence_id"].tolist() == sorted(a["occurrence_id"], key=lambda s: (s.split(":")[0],
                                                                                      int(s.split(":")[2])))
    bingkai.sample_for_coding(corpus, size=3, seed=7, path=tmp_path / "a.xlsx")
    back = pd.read_excel(tmp_path / "a.xlsx", dtype=str, keep_default_na=False)
    assert back["occurrence_id"].tolist() == a["occurrence_id"].tolist()
    with pytest.raises(BingkaiInputError):
        bingkai.sample_for_coding(corpus, size=0)
    with pytest.raises(BingkaiInputError):
        bingkai.sample_for_coding(corpus, size=3, path=tmp_path / "a.ods")


def coded(corpus) -> pd.DataFrame:
    sheet = bingkai.sample_for_coding(corpus, size=50)
    codes = {  # label -> (use, actor, voice, speaker), as a coder reads TEXTS
        "Cuaca [[ekstrem]]": ("no", "", "narrator", "no_speaker"),
        "Kelompok [[ekstrem]]": ("yes", "none", "narrator", "no_speaker"),
        "[[Para teroris]]": ("yes", "none", "quoted", "russia"),
        "[[Pemerintah]]": ("no", "", "narrator", "no_speaker"),
        "[[Militan]]": ("yes", "hts", "narrator", "no_speaker"),
        "[[Rezim]]": ("yes", "syrian_government", "narrator", "no_speaker"),
        "[[perlawanan]]": ("no", "", "narrator", "no_speaker"),
        "[[Pasukan pemberontak]]": ("yes", "none", "narrator", "no_speaker"),
    }
    for i, sentence in enumerate(sheet["sentence"]):
        (key,) = [k for k in codes if k in sentence]
        sheet.loc[i, ["code_use", "code_actor", "code_voice", "code_speaker"]] = codes[key]
    return sheet


def test_precision_counts_by_hand(corpus):
    out = bingkai.coding_agreement(coded(corpus)).set_index(["measure", "item"])
    # counted as framing: ekstrem(kelompok), teroris, militan, rezim, pemberontak -> all 5 coded yes
    assert out.loc[("label", "all"), ["n", "confirmed"]].tolist() == [5, 5]
    assert out.loc[("label", "framing_recall"), ["n", "confirmed"]].tolist() == [5, 5]
    # coded no: cuaca ekstrem, Pemerintah (routine), sport perlawanan -> none counted
    assert out.loc[("label", "non_framing_rejected"), ["n", "confirmed"]].tolist() == [3, 3]
    # proposed actors among the yes rows: militan->hts, rezim->syrian_government
    assert out.loc[("actor", "attributed"), ["n", "confirmed"]].tolist() == [2, 2]
    assert out.loc[("voice", "all"), ["n", "confirmed"]].tolist() == [8, 8]
    assert out.loc[("speaker", "all"), ["n", "confirmed"]].tolist() == [8, 8]
    ci = stats.binomtest(5, 5).proportion_ci(method="wilson")
    assert out.loc[("label", "all"), "ci_low"] == pytest.approx(ci.low)


def test_two_coders_krippendorff_alpha_by_hand(corpus, tmp_path):
    a = coded(corpus)
    b = a.copy()
    b.loc[[0, 1], "code_voice"] = ["quoted", "quoted"]  # coder A: narrator, narrator
    a.to_csv(tmp_path / "a.csv", index=False)
    b.to_excel(tmp_path / "b.xlsx", index=False)
    out = bingkai.coding_agreement([tmp_path / "a.csv", tmp_path / "b.xlsx"]).set_index(["measure", "item"])
    # voice units: A has 7 narrator + 1 quoted; B has 5 narrator + 3 quoted.
    # Coincidences: 5 (n,n) units -> o_nn = 10; 1 (q,q) -> o_qq = 2; 2 (n,q) ->
    # o_nq = o_qn = 2. n_n = 12, n_q = 4, n = 16.
    # alpha = 1 - (n - 1) * (o_nq + o_qn) / (2 * n_n * n_q) = 1 - 15 * 4 / 96
    assert out.loc[("voice", "all"), "alpha"] == pytest.approx(1 - 15 * 4 / 96)
    assert out.loc[("voice", "all"), "n_both"] == 8
    # codes identical and in one category only: alpha undefined
    assert pd.isna(out.loc[("label", "all"), "alpha"])


def test_bad_codes_and_sheets(corpus, tmp_path):
    sheet = coded(corpus)
    sheet.loc[2, "code_use"] = "maybe"
    with pytest.raises(BingkaiInputError, match="row 4"):
        bingkai.coding_agreement(sheet)
    with pytest.raises(BingkaiInputError, match="missing column"):
        bingkai.coding_agreement(sheet.drop(columns=["code_voice"]))
    with pytest.raises(BingkaiInputError, match="same rows"):
        bingkai.coding_agreement([coded(corpus), coded(corpus).iloc[::-1].reset_index(drop=True)])
    with pytest.raises(BingkaiInputError, match="not found"):
        bingkai.coding_agreement(tmp_path / "nope.csv")


def test_committed_seed_coding_sheet():
    path = ROOT / "docs" / "coding" / "seed_corpus_coded.csv"
    out = bingkai.coding_agreement(path).set_index(["measure", "item"])
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert (sheet[["code_use", "code_voice", "code_speaker"]] != "").all().all()  # every row coded
    # the README table is this output
    assert out.loc[("label", "all"), "n"] == (sheet["status"] == "framing").sum()


def test_committed_sheet_is_what_the_code_proposes_now(seed_corpus):
    # the README table must describe the current rules: regenerate the sample
    # (all matches of the seeds, all three packs) and compare bingkai's columns
    path = ROOT / "docs" / "coding" / "seed_corpus_coded.csv"
    committed = pd.read_csv(path, dtype=str, keep_default_na=False)
    fresh = bingkai.sample_for_coding(seed_corpus.copy(), size=500, seed=0,
                                      lexicon=["syria", "indonesia", "israel_palestine"])
    assert committed[SHEET_COLUMNS].equals(fresh[SHEET_COLUMNS].astype(str))
