"""Draw the candidate label occurrences of the development gold and freeze the split.

Run once (``python gold/candidates.py``); it writes ``gold/devcorpus_occurrences.csv``
with empty coded columns. Re-running gives the same rows, split and order (fixed seed);
it refuses to overwrite a sheet that already carries codes.

Candidates are every occurrence of a pack's label word in the text bingkai reads
(``bingkai.read_articles`` output, boilerplate removed), found by a regular expression
per label word on the raw text -- not only the matches bingkai's lexicon makes, so that
institution names ("antiterorisme"), derived words and rejected senses are candidates
too. ``bingkai.sample_for_coding`` was not used: it draws only from lexicon-variant
matches (framing, needs_actor and sense-rejected ones), so a label word that no variant
matches could never be coded and framing recall would be measured on the system's own
matches only.

Offsets are character offsets in the devcorpus ``text`` column (the raw IndoSum text),
so the gold does not depend on bingkai's cleaning: ``align.py`` maps bingkai's offsets
(in the cleaned text) back to them.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from align import DEVCORPUS, load_devcorpus, to_raw  # noqa: E402

OUT = HERE / "devcorpus_occurrences.csv"
SEED = 21  # issue 21
TEST_SHARE = 1 / 3

# label word -> regular expression (whole words, case-insensitive unless the word is an acronym).
# The label words are the ``label`` names of the packs' labels.csv; each expression covers
# the label's variants and words derived from the same stem.
LABEL_WORDS = {
    "teroris": r"\w*teroris\w*", "pemberontak": r"\w*pemberontak\w*", "separatis": r"\w*separatis\w*",
    "militan": r"militan\w*", "milisi": r"milisi", "ekstremis": r"\w*ekstr[ei]m\w*",
    "radikal": r"\w*radikal\w*", "jihadis": r"jihadi(?:s|sme)?", "rezim": r"rezim", "penjajah": r"\w*penjajah\w*",
    "pendudukan": r"pendudukan", "agresi": r"agresi", "agresor": r"agresor", "Zionis": r"zionis\w*",
    "perlawanan": r"perlawanan", "pejuang": r"pejuang", "oposisi": r"oposisi", "gerilyawan": r"gerilyawan",
    "revolusioner": r"revolusioner", "KKB": r"KKB|(?i:kelompok kriminal bersenjata)", "KST": r"KST",
    "OPM": r"OPM|(?i:Organisasi Papua Merdeka)", "TPNPB": r"TPNPB", "perusuh": r"perusuh",
    "anarkis": r"anarkis|anarko", "preman": r"preman\w*|massa bayaran", "demonstran": r"demonstran|pengunjuk rasa",
    "massa aksi": r"massa aksi", "pemerintah": r"pemerintah(?:an)?",
    "aparat": r"aparat (?:keamanan|gabungan|kepolisian)", "kelompok bersenjata": r"(?:kelompok|faksi) bersenjata",
    "orang bersenjata": r"(?:orang|pria) bersenjata", "pasukan pemerintah": r"(?:pasukan|tentara|militer) pemerintah",
    "tentara Suriah": r"tentara suriah|militer suriah|angkatan bersenjata suriah|tentara arab suriah",
    "anti-Assad": r"anti[- ](?:al-)?(?:assad|bashar)",
}
ACRONYMS = {"KKB", "KST", "OPM", "TPNPB"}
# most occurrences coded per label word (all of them when fewer); "teroris" is the label the
# issue is about, "pemerintah" a neutral label with >1,000 occurrences
CAP = {"teroris": 40, "pemerintah": 30}
DEFAULT_CAP = 20

CODED = ["framing", "sense", "target", "voice", "speaker_actor", "clear", "note"]
COLUMNS = ["occurrence_id", "doc_id", "outlet", "start", "end", "term", "label_word", "split"] + CODED


def candidates(arts: pd.DataFrame, raw: pd.Series) -> pd.DataFrame:
    rows = []
    for doc_id, outlet, text in zip(arts["doc_id"], arts["outlet"], arts["text"]):
        spans = []
        for word, pattern in LABEL_WORDS.items():
            flags = 0 if word in ACRONYMS else re.IGNORECASE
            for m in re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", text, flags):
                spans.append((m.start(), m.end(), word))
        if not spans:
            continue
        mapped = to_raw(raw[doc_id], text, [(s, e) for s, e, _ in spans])
        for (s, e, word), (rs, re_) in zip(spans, mapped):
            rows.append((doc_id, outlet, rs, re_, raw[doc_id][rs:re_], word))
    out = pd.DataFrame(rows, columns=["doc_id", "outlet", "start", "end", "term", "label_word"])
    # a span two label words match ("kelompok bersenjata" inside "kelompok kriminal bersenjata"
    # is not: different starts) is kept once, under the first label word listed
    return out.drop_duplicates(["doc_id", "start"]).reset_index(drop=True)


def stratified(cands: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Up to the cap per label word, spread over outlets: outlets take turns (in a random
    order), each giving its occurrences in a random order."""
    keep = []
    for word in LABEL_WORDS:
        group = cands[cands["label_word"] == word]
        cap = CAP.get(word, DEFAULT_CAP)
        if len(group) <= cap:
            keep.extend(group.index)
            continue
        queues = {o: list(rng.permutation(g.index)) for o, g in group.groupby("outlet", sort=True)}
        order = list(rng.permutation(sorted(queues)))
        taken = []
        while len(taken) < cap:
            for o in order:
                if queues[o] and len(taken) < cap:
                    taken.append(queues[o].pop())
        keep.extend(taken)
    return cands.loc[sorted(keep)]


def split(sample: pd.DataFrame, rng: np.random.Generator) -> pd.Series:
    """A third of the documents to ``test``, stratified by label word: each document joins
    the stratum of its rarest sampled label word, and a third of each stratum's documents
    (rounded, at least one when the stratum has two or more) is drawn. Splitting documents,
    not occurrences, keeps a rule written from a dev sentence from seeing its test
    neighbours."""
    freq = sample["label_word"].value_counts()
    stratum = (sample.assign(f=sample["label_word"].map(freq))
               .sort_values(["f", "label_word"], kind="stable").groupby("doc_id")["label_word"].first())
    test = set()
    for word in sorted(stratum.unique()):
        docs = sorted(stratum[stratum == word].index, key=int)
        k = int(round(len(docs) * TEST_SHARE))
        if len(docs) >= 2:
            k = max(k, 1)
        test.update(rng.choice(docs, size=k, replace=False).tolist())
    return sample["doc_id"].map(lambda d: "test" if d in test else "dev")


def main() -> None:
    if OUT.exists():
        old = pd.read_csv(OUT, dtype=str, keep_default_na=False)
        if (old[CODED] != "").any().any():
            sys.exit(f"{OUT} already carries codes; not overwritten")
    arts, raw = load_devcorpus()
    cands = candidates(arts, raw)
    rng = np.random.default_rng(SEED)
    sample = stratified(cands, rng)
    sample = sample.assign(split=split(sample, rng))
    sample = sample.sort_values(["doc_id", "start"], key=lambda c: c.astype(int) if c.name == "doc_id" else c)
    sample.insert(0, "occurrence_id", sample["doc_id"] + ":" + sample["start"].astype(str))
    for c in CODED:
        sample[c] = ""
    sample[COLUMNS].to_csv(OUT, index=False, lineterminator="\n")
    print(f"{len(cands)} candidates in {cands['doc_id'].nunique()} documents of {DEVCORPUS.name}; "
          f"{len(sample)} sampled from {sample['doc_id'].nunique()} documents; "
          f"split {sample['split'].value_counts().to_dict()}")


if __name__ == "__main__":
    main()
