"""Matching a lexicon in tokenised documents: label variants found (sense rules applied), actor mentions, speakers, each label attributed to an actor; one occurrence row per match.

What a token hides (:meth:`Matchers.parts`): a possessive of a lexicon
word ("agresinya", "pemerintahnya") matches the word; a lexicon word glued
to another by a scrape ("Israelterhadap", "rezimzionis", "olehIsrael") is
matched as the two words it is (offsets exact, the token cut in two for
matching and attribution only; the index's tokens are unchanged). A
regional actor (actors.csv ``region``) is named by a ``names_actor``
variant only in a document that mentions its region ("KKB" in Aceh is not
TPNPB-OPM).
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections.abc import Sequence

import numpy as np
import pandas as pd

from bingkai.clean.glued import known_words
from bingkai.constants import PARTS, PART_COLUMNS, WORD
from bingkai.errors import BingkaiInputError
from bingkai.frames import check_frame
from bingkai.lexicon import attribution, speakers
from bingkai.lexicon.packs import (DEFAULT_SPAN, FRAMING_SENSE, Lexicon, PhraseMatcher, actor_kinds,
                                   actor_regions, context_words, match_key, wildcard_match)
from bingkai.parallel import check_n_jobs, chunked_map
from bingkai.progress import progress_bar
from bingkai.text.normalize import token_form
from bingkai.text.stopwords import stopwords
from bingkai.text.tokens import document_arrays, field_text


OCCURRENCE_COLUMNS = ["doc_id", "outlet", "part", "label", "frame", "variant", "sent", "start", "end",
                      "voice", "actor", "actor_basis", "sentence",
                      "framing", "sense", "speaker", "speaker_actor", "speaker_basis"]


class Matchers:
    """A lexicon compiled for matching, plus the per-entry columns the
    occurrence rows need (picklable: sent to worker processes as is)."""

    def __init__(self, lab: pd.DataFrame, act: pd.DataFrame, window: int) -> None:
        self.labels = PhraseMatcher(list(lab["key"]))
        self.actors = PhraseMatcher(list(act["key"]))
        self.l_label, self.l_variant = lab["label"].tolist(), lab["variant"].tolist()
        self.l_frame, self.l_applies = lab["frame"].tolist(), lab["applies_to"].tolist()
        self.l_requires = [context_words(c) for c in lab["requires"]]
        self.l_excludes = [context_words(c) for c in lab["excludes"]]
        self.l_span = [int(c) if c else DEFAULT_SPAN for c in lab["span"]]
        self.l_needs_actor = (lab["needs_actor"] == "yes").tolist()
        # a variant of another sense ("penanggulangan terorisme": institution) is
        # reported apart, never counted ("" in a frame made before the column)
        self.l_sense = ([v or FRAMING_SENSE for v in lab["sense"]] if "sense" in lab
                        else [FRAMING_SENSE] * len(lab))
        kind_of = actor_kinds(act)
        self.region_of = actor_regions(act)
        missing = sorted({a for a in lab["names_actor"] if a and a not in kind_of})
        if missing:  # only reachable with a (labels, actors) pair not checked as a Lexicon
            raise BingkaiInputError(f"names_actor {missing[0]!r} is not an actor of the lexicon",
                                    hint="add the actor to actors.csv, or load both with bingkai.load_lexicon")
        self.l_names = [(a, kind_of[a]) if a else None for a in lab["names_actor"]]
        self.a_actor, self.a_kind = act["actor"].tolist(), act["kind"].tolist()
        # the home actors this lexicon has (attribution rule 4)
        self.home = {lab_: a for lab_, a in attribution.home_actors().items() if a in kind_of}
        self.window = window
        self.key_of = _KeyCache()
        # the lexicon's own words (3+ letters, no wildcards): what a glued
        # token or a possessive may hide
        self.words = frozenset(w for key in [*lab["key"], *act["key"]] for w in key
                               if "*" not in w and len(w) >= _MIN_GLUED_PART and w.isalpha())
        self.parts_of: dict[str, tuple[str, ...] | None] = {}
        self._may_start: dict[str, bool] = {}

    def may_start(self, key: str) -> bool:
        """Can a label match start at a token with this match key? Also
        through what the key hides (:meth:`parts`): "agresinya",
        "rezimzionis". The build skips matching documents where none can.
        Cached per key: every partition asks again for the common words."""
        try:
            return self._may_start[key]
        except KeyError:
            pass
        out = self.labels.can_start(key)
        if not out:
            hidden = self.parts(key)
            out = hidden is not None and any(self.labels.can_start(h.rstrip("^")) for h in hidden)
        self._may_start[key] = out
        return out

    def parts(self, key: str) -> tuple[str, ...] | None:
        """What a word token's match key hides (cached per key): ``(word,)``
        for a possessive of a lexicon word ("agresinya" -> "agresi"),
        ``(left, right)`` for a lexicon word glued to another word by a
        scrape ("israelterhadap", "rezimzionis", "olehisrael"), else None.

        A key is left alone when it is itself a lexicon word, a stopword or
        a root of the stemmer's dictionary. A glued pair needs a lexicon
        word on one side and, on the other, a lexicon word or a function
        word (a stopword: "terhadap", "oleh", "di"); suffix-like function
        words ("kan", "nya", "lah", "pun") never count, and a function word
        after the lexicon word needs three letters. A function word *before*
        the lexicon word is also how Indonesian derives words
        ("kependudukan", "antiterorisme"), so that split is only made where
        the surface shows the junction with a capital ("olehIsrael"):
        :func:`match_document` checks it (``left`` comes back with a
        trailing ``"^"`` marking the condition).
        """
        try:
            return self.parts_of[key]
        except KeyError:
            pass
        out = None
        words = self.words
        if key not in words and key.isalpha() and len(key) > _MIN_GLUED_PART:
            function = _function_words()
            if key not in function:
                stem = key[:-3] if key.endswith("nya") else ""
                if stem in words:
                    out = (stem,)
                else:
                    best = None
                    for i in range(2, len(key) - 1):
                        left, right = key[:i], key[i:]
                        lw, rw = left in words, right in words
                        ok = (lw and (rw or (right in function and len(right) >= 3 and right not in _SUFFIXES))) \
                            or (rw and left in function and left not in _SUFFIXES)
                        if ok:
                            score = (lw and rw, max(len(left) if lw else 0, len(right) if rw else 0))
                            if best is None or score > best[0]:
                                # a function word before the word: only at a visible capital
                                best = (score, (left + "^" if not lw else left, right))
                    if best is not None and key not in _dictionary_words():
                        out = best[1]
        self.parts_of[key] = out
        return out


# glued tokens (see Matchers.parts)
_MIN_GLUED_PART = 3
_SUFFIXES = frozenset({"kan", "nya", "lah", "kah", "pun", "an", "i", "ku", "mu", "se", "per"})


@functools.lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    return frozenset(w for w in stopwords() if len(w) >= 2 and w.isalpha())


@functools.lru_cache(maxsize=1)
def _dictionary_words() -> frozenset[str]:
    return known_words()


def _expand_glued(toks: list[str], arr: dict[str, np.ndarray], keys: list[str],
                  at: dict[int, int]) -> tuple[list[str], dict[str, np.ndarray], list[str]]:
    """The document's tokens with each glued token ``i`` cut at ``at[i]``
    characters into two (same part, paragraph, sentence and voice; exact
    character offsets), so the matchers and the attribution see both words."""
    n = len(toks)
    reps = np.ones(n, dtype=np.int64)
    reps[list(at)] = 2
    src = np.repeat(np.arange(n), reps)
    out = {k: v[src] for k, v in arr.items() if k != "part_sents"}
    first = np.r_[0, np.cumsum(reps)[:-1]]
    new_toks, new_keys = [], []
    start, end = out["start"].copy(), out["end"].copy()
    for i in range(n):
        if i in at:
            cut, j = at[i], int(first[i])
            new_toks.extend((toks[i][:cut], toks[i][cut:]))
            new_keys.extend((keys[i][:cut], keys[i][cut:]))
            end[j] = start[j] + cut
            start[j + 1] = start[j] + cut
        else:
            new_toks.append(toks[i])
            new_keys.append(keys[i])
    out["start"], out["end"] = start, end
    return new_toks, out, new_keys


def compiled_matchers(lex: Lexicon, window: int) -> Matchers:
    ctx = lex._compiled.get(window)
    if ctx is None:
        ctx = lex._compiled[window] = Matchers(lex.labels, lex.actors, window)
    return ctx


class _KeyCache(dict):
    """token surface -> match key of its lower-cased normalised form (as the
    tokens frame's ``lower`` column), computed once per distinct form."""

    def __missing__(self, tok: str) -> str:
        key = self[tok] = match_key(token_form(tok).lower())
        return key


def _documents(corpus: pd.DataFrame, parts: tuple[str, ...]) -> list[tuple]:
    """``(doc_id, outlet, [(part, text), ...])`` per document, sorted by
    doc_id, with the checks (and errors) of ``bingkai.tokens``."""
    order = check_frame(corpus, ["doc_id", "outlet", "title", "subtitle", "text"])
    has_source = "source_file" in corpus.columns
    columns = ["doc_id", "outlet", *(PART_COLUMNS[p] for p in parts)] + (["source_file"] if has_source else [])
    docs = []
    for rec in corpus.iloc[order][columns].itertuples(index=False, name=None):
        doc_id = str(rec[0])
        outlet = "" if pd.isna(rec[1]) else str(rec[1])
        path = rec[-1] if has_source else None
        fields = [(p, field_text(v, doc_id=doc_id, column=PART_COLUMNS[p], path=path))
                  for p, v in zip(parts, rec[2:2 + len(parts)])]
        docs.append((doc_id, outlet, fields))
    return docs


def scan(corpus, parts, lab: pd.DataFrame, act: pd.DataFrame, window, progress, n_jobs,
          rejected: list | None = None):
    """Occurrences of the corpus and per-document word-token counts.

    Returns ``(occurrences frame, [(doc_id, word tokens, quoted word
    tokens), ...])``. With a ``rejected`` list (one process only), the rows
    of matches the sense rules dropped are appended to it, each followed by
    the reason (``excludes``/``requires``). Documents are processed one at a time (optionally in
    worker processes, in chunks whose results are concatenated in document
    order, so the output does not depend on ``n_jobs``).
    """
    n_jobs = check_n_jobs(n_jobs)
    docs = _documents(corpus, parts)
    ctx = Matchers(lab, act, window)
    rows: list[tuple] = []
    words: list[tuple[str, int, int]] = []
    if n_jobs == 1 or len(docs) < 2 or rejected is not None:
        for doc in progress_bar(docs, desc="framing", progress=progress, unit="doc"):
            _document(doc, ctx, rows, words, rejected)
    else:
        for _, (chunk_rows, chunk_words) in chunked_map(_chunk, docs, n_jobs, initializer=_init_worker,
                                                        initargs=(ctx,), desc="framing",
                                                        progress=progress):
            rows.extend(chunk_rows)
            words.extend(chunk_words)
    return occurrence_frame(rows), words


def occurrence_frame(rows: list[tuple]) -> pd.DataFrame:
    """Occurrence tuples (:func:`match_document`) as the typed frame of
    :func:`label_occurrences` (also used by the corpus index)."""
    out = pd.DataFrame(rows, columns=OCCURRENCE_COLUMNS)
    numeric = {"sent": "int64", "start": "int64", "end": "int64", "framing": "bool"}
    # str dtype: None (no actor / no speaker actor) becomes missing
    out = out.astype({c: "str" for c in OCCURRENCE_COLUMNS if c not in numeric} | numeric)
    return out.reset_index(drop=True)


_WORKER_CTX: Matchers | None = None


def _init_worker(ctx: Matchers) -> None:
    global _WORKER_CTX
    _WORKER_CTX = ctx


def _chunk(docs: list[tuple]) -> tuple[list[tuple], list[tuple[str, int, int]]]:
    rows: list[tuple] = []
    words: list[tuple[str, int, int]] = []
    for doc in docs:
        _document(doc, _WORKER_CTX, rows, words)
    return rows, words


def _document(doc: tuple, ctx: Matchers, rows: list[tuple], words: list, rejected: list | None = None) -> None:
    """Match one document, append its rows to ``rows`` and ``(doc_id, word
    tokens, quoted word tokens)`` to ``words``."""
    doc_id, outlet, fields = doc
    found = document_arrays(fields)
    if found is None:
        return
    toks, arr = found
    is_word_arr = arr["kind"] == WORD
    words.append((doc_id, int(is_word_arr.sum()), int((is_word_arr & arr["quoted"]).sum())))
    match_document(doc_id, outlet, fields, toks, arr, ctx, rows, rejected)


def document_occurrences(doc_id: str, outlet: str, fields: Sequence[tuple[str, str]], tokens: list[str],
                         arrays: dict[str, np.ndarray], lexicon: Lexicon, *,
                         window: int = attribution.DEFAULT_WINDOW) -> list[tuple]:
    """The occurrence rows of one document, for a corpus index built elsewhere.

    ``fields`` is ``[(part, text), ...]`` as given to
    ``bingkai.text.tokens.document_arrays``, and ``tokens, arrays`` what it
    returned for them; ``lexicon`` a :class:`bingkai.Lexicon` (compiled once
    and cached on it). Returns tuples in :data:`OCCURRENCE_COLUMNS` order —
    exactly the rows :func:`label_occurrences` gives for the document.
    """
    rows: list[tuple] = []
    match_document(doc_id, outlet, fields, tokens, arrays, compiled_matchers(lexicon, window), rows)
    return rows


def match_document(doc_id: str, outlet: str, fields: list[tuple[str, str]], toks: list[str],
                   arr: dict[str, np.ndarray], ctx: Matchers, rows: list[tuple],
                   rejected: list | None = None) -> None:
    """Label matches of one tokenised document — sense rules applied,
    speakers found, attributed — appended to ``rows`` as occurrence tuples
    (``OCCURRENCE_COLUMNS``); ``rejected``: see :func:`scan`.

    ``toks``/``arr`` are what ``bingkai.text.tokens.document_arrays(fields)``
    returns: the corpus index calls this with the arrays it has already
    built, so a document is tokenised once; ``ctx`` is
    ``compiled_matchers(lexicon, window)`` (or ``Matchers(labels, actors, window)``).
    """
    if not toks:
        return
    keys = list(map(ctx.key_of.__getitem__, toks))
    glued: dict[int, int] = {}
    possessive: set[int] = set()  # tokens matched through their possessive "-nya"
    parts_of = ctx.parts_of
    for key in set(keys).difference(parts_of):
        ctx.parts(key)  # what each distinct key hides, once (cached in parts_of)
    # only the tokens whose key hides something are looked at one by one
    for i in [i for i, key in enumerate(keys) if parts_of[key] is not None]:
        key = keys[i]
        hidden = parts_of[key]
        if arr["kind"][i] != WORD:
            continue
        if len(hidden) == 1:
            keys[i] = hidden[0]  # a possessive: "agresinya" is "agresi" to the matchers
            possessive.add(i)
            continue
        left = hidden[0].rstrip("^")
        if len(toks[i]) != len(key):  # offsets would not be exact
            continue
        if hidden[0].endswith("^") and not toks[i][len(left)].isupper():
            continue  # "kependudukan" is a word; "olehIsrael" is two
        glued[i] = len(left)
    if glued:
        toks, arr, keys = _expand_glued(toks, arr, keys, glued)
        possessive = {i + sum(1 for g in glued if g < i) for i in possessive}
    is_word = (arr["kind"] == WORD).tolist()
    part, para, sent = arr["part"], arr["para"], arr["sent"]
    # segment = sentence within a paragraph within a part: phrases never span them
    change = np.empty(len(toks), dtype=bool)
    change[0] = True
    change[1:] = (part[1:] != part[:-1]) | (para[1:] != para[:-1]) | (sent[1:] != sent[:-1])
    seg = np.cumsum(change).tolist()
    start, end = arr["start"], arr["end"]
    seg_first = np.flatnonzero(change)  # first token of each segment (seg ids from 1)
    seg_last = np.r_[seg_first[1:], len(toks)] - 1
    text_of = dict(fields)
    quoted = arr["quoted"].tolist()

    def row(s, e, k, actor, basis, speaker, framing, sense=FRAMING_SENSE):
        p = PARTS[part[s]]
        g = seg[s] - 1
        field = text_of[p]
        if speaker is not None and speaker.stop > speaker.start:
            # a resolved "katanya" speaker may sit in an earlier part (the title)
            where = text_of[PARTS[part[speaker.start]]]
            who = (where[int(start[speaker.start]):int(end[speaker.stop - 1])], speaker.actor, speaker.basis)
        else:
            who = ("", None, "")
        return (doc_id, outlet, p, ctx.l_label[k], ctx.l_frame[k], ctx.l_variant[k],
                int(sent[s]), int(start[s]), int(end[e - 1]),
                "quoted" if quoted[s] else "narrator", actor, basis,
                field[int(start[seg_first[g]]):int(end[seg_last[g]])], framing, sense, *who)

    matches = []
    for m in ctx.labels.find(keys, seg):
        if _context(keys, is_word, seg, m[0], m[1], ctx.l_excludes[m[2]], ctx.l_span[m[2]]):
            if rejected is not None:
                rejected.append((*row(*m, None, "unattributed", None, False), "excludes"))
        else:
            matches.append(m)
    # a match of a variant of another sense (the longest variant wins, so "penanggulangan
    # terorisme" takes the word from "terorisme") is reported apart: framing False, its
    # sense, no target; it takes no part in attribution
    other_sense = [m for m in matches if ctx.l_sense[m[2]] != FRAMING_SENSE]
    if other_sense:
        matches = [m for m in matches if ctx.l_sense[m[2]] == FRAMING_SENSE]
    if not matches and not other_sense:
        return
    # a variant that always names an actor ("tentara Suriah") is a mention of
    # it; it takes precedence over the actor layer's overlapping mentions
    named = [attribution.Mention(s, e, *ctx.l_names[k]) for s, e, k in matches if ctx.l_names[k]]
    mentions = [attribution.Mention(s, e, ctx.a_actor[k], ctx.a_kind[k])
                for s, e, k in ctx.actors.find(keys, seg)]
    if named and ctx.region_of:
        # a regional actor is named by its label only where its region is
        # mentioned ("KKB" in Papua is TPNPB-OPM; in Aceh it is not)
        present = {m.actor for m in mentions}
        named = [m for m in named if ctx.region_of.get(m.actor, m.actor) in present
                 or m.actor not in ctx.region_of]
    if named:
        covered = set()
        for m in named:
            covered.update(range(m.start, m.stop))
        mentions = sorted([m for m in mentions if not covered.intersection(range(m.start, m.stop))] + named,
                          key=lambda m: m.start)
    caps = [w and t[:1].isupper() for w, t in zip(is_word, toks)]
    _, speaker_at = speakers.find(keys, seg, quoted, mentions, caps=caps)
    # mentions inside each match's speaker span may not be its target; found
    # by binary search on the mention starts (a document-wide scan per match
    # would cost matches x mentions)
    m_starts = [m.start for m in mentions]
    exclude = []
    for s, _, _ in matches:
        sp = speaker_at[s]
        exclude.append(range(bisect_left(m_starts, sp.start), bisect_left(m_starts, sp.stop)) if sp else ())
    lmatches = [attribution.LabelMatch(s, e, ctx.l_applies[k], possessive=s in possessive and e == s + 1,
                                       needs_actor=ctx.l_needs_actor[k], label=ctx.l_label[k])
                for s, e, k in matches]
    attributed = attribution.attribute(keys, is_word, seg, lmatches, mentions, window=ctx.window,
                                       exclude=exclude, part=part.tolist(), home=ctx.home)
    out: list[tuple[int, tuple]] = []
    for (s, e, k), (actor, basis) in zip(matches, attributed):
        sp = speaker_at[s]
        if sp is not None and actor is not None and actor == sp.actor:
            actor, basis = None, "unattributed"  # a speaker is never the target of their own words
        if ctx.l_requires[k] and actor is None and not _context(keys, is_word, seg, s, e, ctx.l_requires[k],
                                                                 ctx.l_span[k]):
            # wrong sense: no armed/political context word and no actor
            if rejected is not None:
                rejected.append((*row(s, e, k, actor, basis, sp, False), "requires"))
            continue
        # a government named by its country only ("pemerintah Qatar") is framing with no target
        counted = not (ctx.l_needs_actor[k] and actor is None and basis != attribution.GENITIVE_PLACE)
        out.append((s, row(s, e, k, actor, basis, sp, counted)))
    for s, e, k in other_sense:
        out.append((s, row(s, e, k, None, "unattributed", speaker_at[s], False, ctx.l_sense[k])))
    out.sort(key=lambda r: r[0])  # stable: the rows stay in document order
    rows.extend(r for _, r in out)


def _context(keys, is_word, seg, s: int, e: int, patterns: tuple[str, ...], span: int) -> bool:
    """Is one of ``patterns`` among the ``span`` word tokens before ``s`` or
    after ``e`` in the same segment?"""
    if not patterns:
        return False
    for step, i in ((-1, s - 1), (1, e)):
        seen = 0
        while 0 <= i < len(keys) and seg[i] == seg[s] and seen < span:
            if is_word[i]:
                seen += 1
                if any(wildcard_match(p, keys[i]) for p in patterns):
                    return True
            i += step
    return False
