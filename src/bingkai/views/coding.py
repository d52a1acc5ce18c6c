"""Measuring the lexicon: a coding sheet for human coders, and precision and
inter-coder agreement computed from the coded sheets.

Researchers who count dictionary matches must report how precise the
dictionary is on their text. The workflow:

1. ``bingkai.sample_for_coding(corpus, size=200, seed=1, path="coding.xlsx")``
   draws a random sample of label matches — framing uses, uses reported
   apart (``needs_actor``) and matches the sense rules rejected — and writes
   one row per match: the sentence with the match marked ``[[…]]``, what
   bingkai proposes (label, framing, actor, voice, speaker) and empty
   ``code_*`` columns.
2. One or two coders fill the ``code_*`` columns (see :data:`CODE_COLUMNS`)
   from the marked sentence, reading the article where the sentence alone
   does not say who speaks; without looking at the proposed values if
   possible (hide those columns).
3. ``bingkai.coding_agreement("coding.xlsx")`` (or two sheets) reports per
   label, and overall for the target actor, voice and speaker, the share of
   bingkai's decisions the coder confirmed with a 95% Wilson interval, and
   with two sheets Krippendorff's alpha (nominal) between the coders.

Codes (empty = not coded; such rows are skipped and counted):

``code_use``      ``yes`` — a framing use of the label (the word is applied
                  to an actor or a side in a conflict/political struggle, in
                  the sense the lexicon means); ``no`` — another sense
                  ("cuaca ekstrem", sport "perlawanan", a routine domestic
                  "pemerintah").
``code_actor``    the actor id the label names (from the lexicon), ``none``
                  when the sentence does not say, or ``other`` for an actor
                  the lexicon lacks.
``code_voice``    ``narrator`` or ``quoted`` (inside quotation marks).
``code_speaker``  the actor id of whoever says the sentence's words besides
                  the outlet, ``unidentified_speaker`` for a speaker the
                  lexicon does not name, ``no_speaker`` for the narrator's
                  own words.
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from bingkai.constants import PARTS
from bingkai.errors import BingkaiInputError
from bingkai.indexing.corpus import Corpus
from bingkai.lexicon.matching import OCCURRENCE_COLUMNS, scan
from bingkai.lexicon.packs import resolve_lexicon
from bingkai.stats import proportion_ci

SHEET_COLUMNS = ["occurrence_id", "doc_id", "outlet", "part", "start", "end", "sentence", "label", "variant",
                 "frame", "status", "actor", "voice", "speaker", "speaker_actor"]
CODE_COLUMNS = ["code_use", "code_actor", "code_voice", "code_speaker", "coder_note"]
MEASURES = ("label", "actor", "voice", "speaker")
AGREEMENT_COLUMNS = ["measure", "item", "n", "confirmed", "precision", "ci_low", "ci_high", "alpha",
                     "n_both"]
_NO_SPEAKER, _UNIDENTIFIED = "no_speaker", "unidentified_speaker"


def sample_for_coding(corpus: pd.DataFrame, *, size: int = 100, seed: int = 0,
                      path: str | PathLike[str] | None = None, lexicon=None,
                      include_rejected: bool = True,
                      progress: bool | None = None) -> pd.DataFrame:
    """A random sample of label matches as a coding sheet.

    ``size``: matches to draw (all of them when there are fewer); ``seed``:
    the random seed (same corpus, lexicon and seed -> same sheet, byte for
    byte). ``lexicon`` as for :func:`bingkai.label_occurrences` (its
    ``window`` is the attribution window).
    ``include_rejected``: also draw from matches the sense rules dropped,
    so that the coders can check that they were rightly dropped.
    ``path``: write the sheet there, CSV (UTF-8) or ``.xlsx`` by suffix.

    Returns the sheet: columns :data:`SHEET_COLUMNS` then
    :data:`CODE_COLUMNS` (empty), one row per match, in corpus order.
    ``occurrence_id`` is ``doc_id:part:start``; ``sentence`` has the match
    between ``[[`` and ``]]``; ``status`` is ``framing``, ``needs_actor``
    (reported apart: ``framing`` False), ``sense:<sense>`` (a variant of another
    sense, e.g. ``sense:historical``, reported apart) or ``rejected:excludes`` /
    ``rejected:requires``; ``speaker_actor`` is the speaker group as
    ``actor_labels(by_speaker=True)`` names it.
    """
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1:
        raise BingkaiInputError(f"size={size!r} is not a positive whole number", hint="e.g. size=200")

    lex = resolve_lexicon(lexicon)
    if isinstance(corpus, Corpus):
        corpus = corpus.articles  # rejected matches are not in an index: scan the articles
    rejected: list[tuple] = []
    occ, _ = scan(corpus, PARTS, lex.labels, lex.actors, lex.window, progress, 1, rejected)
    occ = occ.assign(status=np.where(occ["framing"], "framing",
                                     np.where(occ["sense"] == "framing", "needs_actor", "sense:" + occ["sense"])))
    if include_rejected and rejected:
        rej = pd.DataFrame([r[:-1] for r in rejected], columns=OCCURRENCE_COLUMNS)
        rej = rej.assign(status=["rejected:" + r[-1] for r in rejected])
        rej = rej.astype({c: occ[c].dtype for c in OCCURRENCE_COLUMNS})
        occ = pd.concat([occ, rej], ignore_index=True)
    part_order = {p: i for i, p in enumerate(PARTS)}
    occ = (occ.assign(_p=occ["part"].map(part_order))
           .sort_values(["doc_id", "_p", "start"], kind="stable").drop(columns="_p").reset_index(drop=True))
    if len(occ) > size:
        pick = np.sort(np.random.default_rng(seed).choice(len(occ), size=size, replace=False))
        occ = occ.iloc[pick].reset_index(drop=True)
    field_of = _fields(corpus)
    sheet = pd.DataFrame({
        "occurrence_id": occ["doc_id"] + ":" + occ["part"] + ":" + occ["start"].astype(str),
        "doc_id": occ["doc_id"], "outlet": occ["outlet"], "part": occ["part"],
        "start": occ["start"], "end": occ["end"],
        "sentence": [_marked(field_of[(d, p)], s, e, sent)
                     for d, p, s, e, sent in zip(occ["doc_id"], occ["part"], occ["start"], occ["end"],
                                                 occ["sentence"])],
        "label": occ["label"], "variant": occ["variant"], "frame": occ["frame"], "status": occ["status"],
        "actor": occ["actor"].fillna("none"), "voice": occ["voice"], "speaker": occ["speaker"],
        "speaker_actor": _speaker_group(occ),
    })
    for c in CODE_COLUMNS:
        sheet[c] = ""
    sheet = sheet.astype({c: "str" for c in sheet.columns if c not in ("start", "end")})
    if path is not None:
        _write(sheet, Path(path))
    return sheet


def coding_agreement(sheets) -> pd.DataFrame:
    """Precision of bingkai's decisions against coded sheets, and agreement
    between two coders.

    ``sheets``: one coded sheet (a path to CSV/XLSX or a DataFrame from
    :func:`sample_for_coding`) or a list of two (same rows, two coders).

    Returns columns :data:`AGREEMENT_COLUMNS`, rows per ``measure``:

    * ``label`` — per label (``item``) and ``all``: of the matches bingkai
      counts as framing (``status`` framing), the share the coder marked
      ``code_use`` yes (precision); item ``framing_recall`` — of the
      matches coded yes, the share bingkai counts; item
      ``non_framing_rejected`` — of the matches coded no, the share bingkai
      does not count (needs_actor, rejected:*). Recall is over the sampled
      *matches*: a framing use no variant matches is not on the sheet.
    * ``actor`` — item ``attributed``: of the matches coded as framing uses
      with a proposed actor, the share whose ``code_actor`` equals it;
      item ``target_found``: of the framing uses whose coded target is a
      lexicon actor, the share bingkai named correctly (a recall).
    * ``voice`` — ``all``: the share with ``code_voice`` equal to ``voice``.
    * ``speaker`` — ``all``: the share with ``code_speaker`` equal to the
      proposed speaker group.

    ``n`` coded rows in the measure, ``confirmed`` of them agreeing,
    ``precision`` = confirmed / n with a 95% Wilson interval (as
    :func:`bingkai.views.framing.proportion_ci`). With two sheets, precision is
    from the first and ``alpha`` is Krippendorff's alpha (nominal,
    ``krippendorff`` package) between the two coders' codes of that
    measure's column over the ``n_both`` rows both coded (items ``all`` and
    ``attributed`` only; NaN otherwise, and NaN when both coders used a
    single category, where alpha is 0/0).
    """
    if isinstance(sheets, (str, PathLike, pd.DataFrame)):
        sheets = [sheets]
    if not 1 <= len(sheets) <= 2:
        raise BingkaiInputError(f"{len(sheets)} sheets given", hint="pass one coded sheet, or two (two coders)")
    frames = [_read_sheet(s) for s in sheets]
    main = frames[0]
    rows = []

    def add(measure, item, mask, ok, alpha=np.nan, n_both=0):
        n = int(mask.sum())
        k = int((mask & ok).sum())
        rows.append((measure, item, n, k, alpha, n_both))

    coded_use = main["code_use"] != ""
    counted = main["status"] == "framing"
    yes = main["code_use"] == "yes"
    for label in sorted(main.loc[counted & coded_use, "label"].unique()):
        add("label", label, counted & coded_use & (main["label"] == label), yes)
    add("label", "all", counted & coded_use, yes, *_alpha(frames, "code_use", counted))
    add("label", "framing_recall", yes, counted)
    add("label", "non_framing_rejected", main["code_use"] == "no", ~counted)

    coded_actor = yes & (main["code_actor"] != "")
    proposed = main["actor"] != "none"
    add("actor", "attributed", coded_actor & proposed, main["code_actor"] == main["actor"],
        *_alpha(frames, "code_actor", yes))
    known_target = coded_actor & ~main["code_actor"].isin(["none", "other"])
    add("actor", "target_found", known_target, main["code_actor"] == main["actor"])
    add("voice", "all", main["code_voice"] != "", main["code_voice"] == main["voice"],
        *_alpha(frames, "code_voice", main["code_voice"] == main["code_voice"]))
    add("speaker", "all", main["code_speaker"] != "", main["code_speaker"] == main["speaker_actor"],
        *_alpha(frames, "code_speaker", main["code_speaker"] == main["code_speaker"]))

    out = pd.DataFrame(rows, columns=["measure", "item", "n", "confirmed", "alpha", "n_both"])
    low, high = proportion_ci(out["confirmed"].to_numpy(), out["n"].to_numpy())
    with np.errstate(invalid="ignore", divide="ignore"):
        out["precision"] = np.where(out["n"] > 0, out["confirmed"] / out["n"].where(out["n"] > 0), np.nan)
    out["ci_low"], out["ci_high"] = low, high
    out = out.astype({"measure": "str", "item": "str", "n": "int64", "confirmed": "int64", "n_both": "int64"})
    return out[AGREEMENT_COLUMNS]


# ----------------------------------------------------------------- internals

def _fields(corpus: pd.DataFrame) -> dict[tuple[str, str], str]:
    out = {}
    for doc_id, title, subtitle, text in corpus[["doc_id", "title", "subtitle", "text"]].itertuples(
            index=False, name=None):
        for part, value in (("title", title), ("subtitle", subtitle), ("body", text)):
            out[(str(doc_id), part)] = "" if pd.isna(value) else str(value)
    return out


def _marked(field: str, start: int, end: int, sentence: str) -> str:
    """The sentence with the match between ``[[`` and ``]]``: the sentence is
    a slice of the field that begins at or before the match."""
    at = field.rfind(sentence, 0, start + len(sentence))  # the last copy beginning at or before start
    if at < 0 or at + len(sentence) < end:  # not found as a slice: mark the match alone
        return f"[[{field[start:end]}]] — {sentence}"
    s, e = start - at, end - at
    return f"{sentence[:s]}[[{sentence[s:e]}]]{sentence[e:]}"


def _speaker_group(occ: pd.DataFrame) -> pd.Series:
    who = occ["speaker_actor"].astype(object)
    fill = np.where(occ["speaker"] != "", _UNIDENTIFIED, _NO_SPEAKER)
    return pd.Series(np.where(who.isna(), fill, who), index=occ.index, dtype="str")


def _write(sheet: pd.DataFrame, path: Path) -> None:
    if path.suffix.lower() == ".xlsx":
        sheet.to_excel(path, index=False, sheet_name="coding")
    elif path.suffix.lower() == ".csv":
        sheet.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    else:
        raise BingkaiInputError("unknown sheet format", path=path, hint="name the file .csv or .xlsx")


_ALLOWED = {"code_use": ("yes", "no"), "code_voice": ("narrator", "quoted")}


def _read_sheet(sheet) -> pd.DataFrame:
    if isinstance(sheet, pd.DataFrame):
        frame, where = sheet.copy(), "<coding DataFrame>"
    else:
        where = Path(sheet)
        if not where.is_file():
            raise BingkaiInputError("file not found", path=where, hint="pass the coded sheet's path")
        if where.suffix.lower() == ".xlsx":
            frame = pd.read_excel(where, dtype=str, keep_default_na=False)
        else:
            frame = pd.read_csv(where, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in SHEET_COLUMNS + CODE_COLUMNS[:4] if c not in frame.columns]
    if missing:
        raise BingkaiInputError(f"missing column(s) {', '.join(missing)}", path=where, row=1,
                                hint="code the sheet written by bingkai.sample_for_coding; do not rename columns")
    frame = frame.fillna("").astype(str)
    for c in CODE_COLUMNS[:4]:
        frame[c] = frame[c].str.strip().str.lower()
    for c, allowed in _ALLOWED.items():
        bad = frame[(frame[c] != "") & ~frame[c].isin(allowed)]
        if len(bad):
            raise BingkaiInputError(f"{c} {bad[c].iloc[0]!r} is not one of {', '.join(allowed)}", path=where,
                                    row=int(bad.index[0]) + 2, hint="correct the code or leave the cell empty")
    return frame.reset_index(drop=True)


def _alpha(frames: Sequence[pd.DataFrame], column: str, mask: pd.Series) -> tuple[float, int]:
    """Krippendorff's alpha (nominal) between two coders on ``column`` over
    the rows selected by ``mask`` (of the first sheet) that both coded."""
    if len(frames) < 2:
        return np.nan, 0
    import krippendorff

    a, b = frames
    if len(a) != len(b) or not (a["occurrence_id"].to_numpy() == b["occurrence_id"].to_numpy()).all():
        raise BingkaiInputError("the two sheets do not have the same rows in the same order",
                                hint="both coders must code copies of one sample_for_coding sheet")
    both = mask.to_numpy() & (a[column] != "").to_numpy() & (b[column] != "").to_numpy()
    if both.sum() < 2:
        return np.nan, int(both.sum())
    values = sorted(set(a.loc[both, column]) | set(b.loc[both, column]))
    if len(values) < 2:
        return np.nan, int(both.sum())  # one category only: alpha is 0/0, undefined
    code = {v: i for i, v in enumerate(values)}
    data = np.array([[code[v] for v in a.loc[both, column]], [code[v] for v in b.loc[both, column]]], dtype=float)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")), int(both.sum())
