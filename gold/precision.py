"""Re-score the current code against the development gold (issue 21, item 6).

``python gold/precision.py`` (``make precision``) runs ``bingkai.label_occurrences`` with
each pack (``indonesia``, ``israel_palestine``, ``syria``) and with all three combined
(``all``) on the gold's documents, matches its occurrences to the hand-coded ones and
prints, per pack and split (``dev``, ``test``), five measures with n and a 95% Wilson
interval:

``framing_recall``        gold framing uses that bingkai counts (``framing`` True)
``non_framing_rejected``  gold non-framing uses (institution, acronym, historical,
                          everyday, other senses) that bingkai does not count
``target``                of the gold framing uses bingkai counts: its ``actor`` equals the
                          gold target (a target the pack has no actor for, or ``none``,
                          expects no actor)
``voice``                 of the same: its ``voice`` equals the gold voice
``speaker_actor``         of the same, quoted in the gold: its ``speaker_actor`` equals the
                          gold speaker (one the pack has no actor for, or ``unknown``,
                          expects none)

An occurrence belongs to a pack when the pack has a label of that name (``label_word``);
``all`` scores every occurrence with the three packs combined. A gold occurrence is
"counted" when a bingkai occurrence with ``framing`` True overlaps it (offsets mapped from
bingkai's cleaned text to the raw devcorpus text, see ``align.py``).

Writes ``gold/precision.md`` and ``gold/precision.csv``; with ``--packs`` also each pack's
``precision.csv`` beside its ``labels.csv`` (the pack's own rows, test and dev).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import binomtest

import bingkai

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from align import DEVCORPUS, load_devcorpus, to_raw  # noqa: E402

GOLD = HERE / "devcorpus_occurrences.csv"
PACKS = ("indonesia", "israel_palestine", "syria")
ALL = "all"
SPLITS = ("test", "dev")
MEASURES = ("framing_recall", "non_framing_rejected", "target", "voice", "speaker_actor")
# issue 21, "Targets": the aim on the frozen test split
TARGETS = {"framing_recall": 0.90, "non_framing_rejected": 0.90, "target": 0.85, "voice": 0.95,
           "speaker_actor": 0.80}
COLUMNS = ["pack", "split", "measure", "n", "correct", "share", "ci_low", "ci_high", "target", "met"]
NONE = "none"


def wilson(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for ``k`` of ``n`` (no continuity correction), by
    ``scipy.stats.binomtest``; ``(nan, nan)`` when ``n`` is 0."""
    if n == 0:
        return float("nan"), float("nan")
    ci = binomtest(k, n).proportion_ci(confidence_level=confidence, method="wilson")
    return float(ci.low), float(ci.high)


def pack_labels(lexicon) -> set[str]:
    return set(lexicon.labels["label"].str.lower())


def pack_actors(lexicon) -> set[str]:
    return set(lexicon.actors["actor"])


def system_spans(arts: pd.DataFrame, raw: pd.Series, lexicon) -> pd.DataFrame:
    """bingkai's occurrences of the body, with offsets in the raw text (``rstart``, ``rend``)."""
    occ = bingkai.label_occurrences(arts, lexicon=lexicon)
    occ = occ[occ["part"] == "body"].reset_index(drop=True)
    text = dict(zip(arts["doc_id"], arts["text"]))
    rstart, rend = np.zeros(len(occ), dtype=int), np.zeros(len(occ), dtype=int)
    for doc_id, rows in occ.groupby("doc_id", sort=True).groups.items():
        spans = [(int(occ.at[i, "start"]), int(occ.at[i, "end"])) for i in rows]
        for i, (s, e) in zip(rows, to_raw(raw[doc_id], text[doc_id], spans)):
            rstart[i], rend[i] = s, e
    return occ.assign(rstart=rstart, rend=rend)


def match(gold: pd.DataFrame, occ: pd.DataFrame) -> pd.DataFrame:
    """For each gold row, the overlapping bingkai occurrence (a counted one first, then the
    longest overlap): ``counted``, ``sys_actor``, ``sys_voice``, ``sys_speaker``."""
    by_doc = {d: g for d, g in occ.groupby("doc_id", sort=False)}
    out = []
    for doc_id, s, e in zip(gold["doc_id"], gold["start"].astype(int), gold["end"].astype(int)):
        cand = by_doc.get(doc_id)
        hit = None
        if cand is not None:
            over = cand[(cand["rstart"] < e) & (cand["rend"] > s)]
            if len(over):
                size = np.minimum(over["rend"], e) - np.maximum(over["rstart"], s)
                hit = over.assign(_size=size.to_numpy()).sort_values(
                    ["framing", "_size", "rstart"], ascending=[False, False, True], kind="stable").iloc[0]
        if hit is None:
            out.append((False, NONE, "", NONE))
        else:
            actor = NONE if pd.isna(hit["actor"]) else str(hit["actor"])
            speaker = NONE if pd.isna(hit["speaker_actor"]) else str(hit["speaker_actor"])
            out.append((bool(hit["framing"]), actor, str(hit["voice"]), speaker))
    return pd.DataFrame(out, columns=["counted", "sys_actor", "sys_voice", "sys_speaker"], index=gold.index)


def score(gold: pd.DataFrame, scored: pd.DataFrame, actors: set[str]) -> dict[str, tuple[int, int]]:
    """``measure -> (correct, n)`` for the rows given."""
    yes = gold["framing"] == "yes"
    counted = scored["counted"]
    expect_target = gold["target"].where(gold["target"].isin(actors), NONE)
    expect_speaker = gold["speaker_actor"].where(gold["speaker_actor"].isin(actors), NONE)
    base = yes & counted
    quoted = base & (gold["voice"] == "quoted")
    pairs = {
        "framing_recall": (yes, counted),
        "non_framing_rejected": (~yes, ~counted),
        "target": (base, scored["sys_actor"] == expect_target),
        "voice": (base, scored["sys_voice"] == gold["voice"]),
        "speaker_actor": (quoted, scored["sys_speaker"] == expect_speaker),
    }
    return {m: (int((mask & ok).sum()), int(mask.sum())) for m, (mask, ok) in pairs.items()}


def precision_table(gold: pd.DataFrame, arts: pd.DataFrame, raw: pd.Series,
                    packs: tuple[str, ...] = PACKS) -> pd.DataFrame:
    rows = []
    for pack in (*packs, ALL):
        lexicon = bingkai.load_lexicon(*packs) if pack == ALL else bingkai.load_lexicon(pack)
        mine = gold if pack == ALL else gold[gold["label_word"].str.lower().isin(pack_labels(lexicon))]
        scored = match(mine, system_spans(arts, raw, lexicon))
        for split in SPLITS:
            part = mine["split"] == split
            for measure, (k, n) in score(mine[part], scored[part], pack_actors(lexicon)).items():
                low, high = wilson(k, n)
                share = k / n if n else float("nan")
                rows.append((pack, split, measure, n, k, share, low, high, TARGETS[measure],
                             "" if n == 0 else ("yes" if share >= TARGETS[measure] else "no")))
    return pd.DataFrame(rows, columns=COLUMNS)


def markdown(table: pd.DataFrame) -> str:
    lines = ["| pack | split | " + " | ".join(MEASURES) + " |", "|---|---|" + "---|" * len(MEASURES)]
    for (pack, split), g in table.groupby(["pack", "split"], sort=False):
        cells = []
        for m in MEASURES:
            r = g[g["measure"] == m].iloc[0]
            cells.append("n = 0" if r["n"] == 0 else
                         f"{r['share']:.0%} ({r['correct']}/{r['n']}; {r['ci_low']:.0%}-{r['ci_high']:.0%})")
        lines.append(f"| {pack} | {split} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def pack_folder(name: str) -> Path | None:
    """The folder of a packaged pack (wherever the package keeps ``<name>/labels.csv``)."""
    root = Path(bingkai.__file__).resolve().parent
    found = sorted(p.parent for p in root.rglob("labels.csv") if p.parent.name == name)
    return found[0] if found else None


def main(argv: list[str] | None = None) -> pd.DataFrame:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--corpus", type=Path, default=DEVCORPUS)
    ap.add_argument("--out", type=Path, default=HERE, help="folder for precision.md / precision.csv")
    ap.add_argument("--packs", action="store_true", help="also write each pack's precision.csv")
    args = ap.parse_args(argv)
    gold = pd.read_csv(args.gold, dtype=str, keep_default_na=False)
    arts, raw = load_devcorpus(args.corpus, rows=set(gold["doc_id"]))
    table = precision_table(gold, arts, raw)
    text = markdown(table)
    print(text, end="")
    args.out.mkdir(parents=True, exist_ok=True)
    header = ("# Precision of bingkai's label counts on the development gold\n\n"
              "Written by `python gold/precision.py` (`make precision`); see gold/README.md for the gold "
              "and the measures. Each cell: share correct (correct/n; 95% Wilson interval). "
              f"Aims on the test split: {', '.join(f'{m} >= {t:.0%}' for m, t in TARGETS.items())}.\n\n")
    (args.out / "precision.md").write_text(header + text, encoding="utf-8")
    table.to_csv(args.out / "precision.csv", index=False, lineterminator="\n", float_format="%.4f")
    if args.packs:
        for pack in PACKS:
            folder = pack_folder(pack)
            if folder is None:
                sys.exit(f"pack folder of {pack!r} not found under {Path(bingkai.__file__).parent}")
            table[table["pack"] == pack].drop(columns="pack").to_csv(
                folder / "precision.csv", index=False, lineterminator="\n", float_format="%.4f")
    return table


if __name__ == "__main__":
    main()
