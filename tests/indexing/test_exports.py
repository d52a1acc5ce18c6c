"""Issue 25, exports to the field's tools, each read back:

- ``Corpus.to_vrt(path)``: CWB / CQPweb / Sketch Engine vertical text -- ``<text id outlet
  date>``, ``<p>``, ``<s>``, one token a line with the columns word, lower, stem, kind, voice,
  label, actor (read back by a small VRT parser here, and by ``cwb-encode`` where installed);
- ``Corpus.to_texts(folder)``: one UTF-8 file per article (AntConc);
- ``Corpus.to_quanteda(path)``: a CSV that ``readtext``/quanteda reads (``doc_id``, ``text``
  and the articles' metadata as docvars).

On the seed corpus and on a 1,000-article synthetic corpus made here (sentences of label
words, actors, quotes, markup-like characters, undated articles).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import bingkai
from bingkai.constants import PARTS
from issue25_synthetic import synthetic_articles

COLUMNS = ("word", "lower", "stem", "kind", "voice", "label", "actor")
NONE = "_"  # a token outside every label occurrence
PARTS = ("title", "subtitle", "body")



# --- corpora -----------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=["seed", "synthetic"])
def corpus(request) -> bingkai.Corpus:
    # 300 generated articles (not the generator's 1,000): every kind of sentence, escaped
    # character, subtitle and undated article occurs, and the round trips check each token
    articles = bingkai.load_corpus() if request.param == "seed" else synthetic_articles(300)
    return bingkai.index(articles, progress=False)


# --- readers -----------------------------------------------------------------------------------

ATTRIBUTES = re.compile(r'(\w+)="([^"]*)"')
# a token line: len(COLUMNS) non-empty cells, no raw "<", ">" or "&" (XML entities only)
_CELL = r"(?:[^\t<>&]|&(?:amp|lt|gt|quot|apos);)+"
TOKEN_LINE = re.compile(rf"{_CELL}(?:\t{_CELL}){{{len(COLUMNS) - 1}}}")


OPEN_TAG = re.compile(r"<(text|p|s)((?: \w+=\"[^\"]*\")*)>")
CLOSE_TAG = re.compile(r"</(text|p|s)>")
PARENT = {"text": None, "p": "text", "s": "p"}


def read_vrt(path: Path) -> list[dict]:
    """A VRT file as a list of texts: {attributes, paragraphs: [{attributes, sentences: [[token
    columns...]]}]}. Strict: every line is a known tag or a token of len(COLUMNS) columns, tags
    nest properly (text > p > s), and the file is UTF-8 with XML entities in values and tokens."""
    texts: list[dict] = []
    stack: list[str] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "", "no final newline"
    for number, line in enumerate(lines[:-1], start=1):
        if line.startswith("<"):
            if m := OPEN_TAG.fullmatch(line):
                tag, attrs = m[1], {k: html.unescape(v) for k, v in ATTRIBUTES.findall(m[2])}
                assert (stack[-1] if stack else None) == PARENT[tag], f"line {number}: <{tag}> inside {stack}"
                stack.append(tag)
                if tag == "text":
                    texts.append({"attributes": attrs, "paragraphs": []})
                elif tag == "p":
                    texts[-1]["paragraphs"].append({"attributes": attrs, "sentences": []})
                else:
                    sentences = texts[-1]["paragraphs"][-1]["sentences"]
                    sentences.append([])
                continue
            m = CLOSE_TAG.fullmatch(line)
            assert m and stack and stack[-1] == m[1], f"line {number}: {line!r} closes {stack}"
            stack.pop()
            continue
        assert stack and stack[-1] == "s", f"line {number}: a token outside <s>: {line!r}"
        assert TOKEN_LINE.fullmatch(line), f"line {number}: not {len(COLUMNS)} non-empty escaped cells: {line!r}"
        sentences[-1].append(html.unescape(line).split("\t"))
    assert not stack, f"{path.name}: unclosed {stack}"
    return texts


def expected_dates(values: pd.Series) -> list[str]:
    """``published`` as YYYY-MM-DD, '' where it is missing or no date."""
    stamps = pd.to_datetime(values.replace("", None), errors="coerce", format="mixed")
    return ["" if pd.isna(v) else v.strftime("%Y-%m-%d") for v in stamps]


def token_labels(corpus: bingkai.Corpus, tokens: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The label and actor columns expected for ``tokens``, from ``label_occurrences`` and
    character offsets (independent of how the export finds them): the labels (and the actors
    they name) of every occurrence covering the token, sorted and joined by "|", else "_"."""
    occ = bingkai.label_occurrences(corpus)
    labels = [set() for _ in range(len(tokens))]
    actors = [set() for _ in range(len(tokens))]
    position = {key: rows for key, rows in tokens.groupby(["doc_id", "part"]).indices.items()}
    starts, ends = tokens["start"].to_numpy(), tokens["end"].to_numpy()
    for o in occ.itertuples():
        rows = position.get((o.doc_id, o.part), [])
        for r in rows[(starts[rows] >= o.start) & (ends[rows] <= o.end)]:
            labels[r].add(o.label)
            if isinstance(o.actor, str) and o.actor:
                actors[r].add(o.actor)
    join = lambda values: "|".join(sorted(values)) or NONE  # noqa: E731
    return [join(v) for v in labels], [join(v) for v in actors]


# --- VRT ---------------------------------------------------------------------------------------

def test_vrt_round_trip(corpus, tmp_path):
    path = tmp_path / "corpus.vrt"
    assert corpus.to_vrt(path) == path
    texts = read_vrt(path)
    articles = corpus.articles
    assert [t["attributes"]["id"] for t in texts] == articles["doc_id"].astype(str).tolist()
    assert [t["attributes"]["outlet"] for t in texts] == articles["outlet"].astype(str).tolist()
    assert [t["attributes"]["date"] for t in texts] == expected_dates(articles["published"])

    tokens = corpus.tokens(PARTS)
    labels, actors = token_labels(corpus, tokens)
    tokens = tokens.assign(label=labels, actor=actors)
    read = pd.DataFrame(
        [[t["attributes"]["id"], p["attributes"].get("part"), k_p, k_s, *cells]
         for t in texts for k_p, p in enumerate(t["paragraphs"])
         for k_s, s in enumerate(p["sentences"]) for cells in s],
        columns=["doc_id", "part", "p", "s", *COLUMNS])
    assert len(read) == len(tokens) > 0
    assert read["word"].tolist() == tokens["token"].tolist()
    for column in ("lower", "kind", "voice", "label", "actor"):
        assert read[column].tolist() == tokens[column].tolist(), column
    assert read["part"].tolist() == tokens["part"].tolist()
    # one <p> per paragraph of a part and one <s> per sentence, in order: the rows (aligned with
    # the token table) fall into the same groups, numbered in the same order
    doc = read["doc_id"] + "\t"
    assert (pd.factorize(doc + read["p"].astype(str))[0]
            == pd.factorize(doc + tokens["part"] + "\t" + tokens["para"].astype(str))[0]).all()
    assert (pd.factorize(doc + read["p"].astype(str) + "\t" + read["s"].astype(str))[0]
            == pd.factorize(doc + tokens["part"] + "\t" + tokens["para"].astype(str) + "\t"
                            + tokens["sent"].astype(str))[0]).all()
    # stems: bingkai's stemmer for plain words (letters, reduplication hyphens), the lower
    # form for stop words (bingkai does not stem them) and for numbers and punctuation
    plain = read["lower"].str.fullmatch(r"[a-z]+(?:-[a-z]+)*")
    stop = read["lower"].isin(set(bingkai.stopwords()))
    words = read["kind"].eq("word")
    kept = ~words | stop
    assert read.loc[kept, "stem"].tolist() == read.loc[kept, "lower"].tolist()
    stemmed = read[words & plain & ~stop].drop_duplicates("lower")
    assert len(stemmed) > 20
    assert stemmed["stem"].tolist() == [bingkai.stem(w) for w in stemmed["lower"]]
    assert (read["label"] != NONE).any()  # both corpora use labels: the column is tested


def test_vrt_is_deterministic_and_never_overwrites(corpus, tmp_path):
    first, second = corpus.to_vrt(tmp_path / "a.vrt"), corpus.to_vrt(tmp_path / "b.vrt")
    assert first.read_bytes() == second.read_bytes()
    before = first.read_bytes()
    with pytest.raises(bingkai.BingkaiInputError, match="a.vrt"):
        corpus.to_vrt(first)
    assert first.read_bytes() == before
    corpus.to_vrt(first, overwrite=True)
    assert first.read_bytes() == before


@pytest.mark.skipif(shutil.which("cwb-encode") is None, reason="cwb-encode (the IMS Open Corpus Workbench) "
                                                               "is not installed")
def test_cwb_encode_reads_the_vrt(corpus, tmp_path):
    vrt = corpus.to_vrt(tmp_path / "corpus.vrt")
    data, registry = tmp_path / "data", tmp_path / "registry"
    data.mkdir()
    registry.mkdir()
    command = ["cwb-encode", "-c", "utf8", "-x", "-d", str(data), "-f", str(vrt), "-R", str(registry / "bingkai"),
               *[arg for column in COLUMNS[1:] for arg in ("-P", column)],
               "-S", "text:0+id+outlet+date", "-S", "p:0+part", "-S", "s"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "Error" not in done.stderr, done.stderr
    assert (data / "word.corpus").stat().st_size == 4 * len(corpus.tokens(PARTS))


# --- plain texts (AntConc) ---------------------------------------------------------------------

def test_texts_one_utf8_file_per_article(corpus, tmp_path):
    folder = tmp_path / "texts"
    assert corpus.to_texts(folder) == folder
    files = sorted(folder.iterdir())
    articles = corpus.articles
    assert [f.name for f in files] == sorted(f"{d}.txt" for d in articles["doc_id"].astype(str))
    tokens = corpus.tokens(PARTS).groupby("doc_id")["token"].apply(list)
    for doc_id in articles["doc_id"].astype(str).iloc[::max(1, len(articles) // 100)]:  # 100 at most
        text = (folder / f"{doc_id}.txt").read_text(encoding="utf-8")
        # the same tokens as the index, in order: title, subtitle and body, nothing else
        assert bingkai.tokenize(text) == tokens[doc_id], doc_id
    with pytest.raises(bingkai.BingkaiInputError, match="texts"):
        corpus.to_texts(folder)  # a folder with files in it is not written over


# --- quanteda / readtext CSV -------------------------------------------------------------------

def test_quanteda_csv_reads_back_with_docvars(corpus, tmp_path):
    path = tmp_path / "corpus.csv"
    assert corpus.to_quanteda(path) == path
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # UTF-8 without a BOM (readtext's default encoding)
    read = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    articles = corpus.articles
    assert read.columns[:2].tolist() == ["doc_id", "text"]  # readtext(docid_field=, text_field=)
    assert read["doc_id"].tolist() == articles["doc_id"].astype(str).tolist()
    assert read["doc_id"].is_unique
    expected_text = ["\n\n".join(p for p in parts if p) for parts in
                     articles[list(PARTS[:1]) + ["subtitle", "text"]].fillna("").astype(str).itertuples(index=False)]
    assert read["text"].tolist() == expected_text
    # docvars: outlet and date for every article, under those names
    assert read["outlet"].tolist() == articles["outlet"].astype(str).tolist()
    assert read["date"].tolist() == expected_dates(articles["published"])
    assert "title" in read.columns
