"""Who is speaking: the speaker of quotations and reported speech.

Input is one document's tokens (match keys, sentence segments, the
``quoted`` flag of :func:`bingkai.tokens`) and its actor mentions (from
:class:`bingkai.lexicon.packs.PhraseMatcher`); output is a :class:`Speaker` — a
token span, the actor named in it and the rule that found it — for each
sentence that reports speech and for each quotation. The rules, all
confined to one sentence unless said otherwise (``speaker_basis``):

``tag``        the quote tag after a quotation: “…,” **kata/ujar/ungkap/
               jelas/tegas/tutur/…** X — X runs from the verb to the next
               punctuation mark or a word of :data:`AFTER_SPEAKER` ("kepada",
               "dalam", "di", …; at most :data:`MAX_SPAN` tokens).
``menurut``    **menurut** X, … — X runs as for ``tag``.
``verb``       X **mengatakan/menyatakan/menegaskan/…** … — X is the stretch
               before the verb back to the sentence start or a quotation
               mark, colon or comma (at most :data:`MAX_SPAN` tokens; trailing
               adverbs such as "juga" dropped). When X names no actor and a
               comma stands right before the verb and another before X
               ("Kantor berita pemerintah Suriah, SANA, melaporkan"), the
               stretch before that comma is searched for the actor too (an
               apposition). Opening discourse words (:data:`LEADING`:
               "Sementara itu", "Namun") are not part of X.
``katanya``    …,” **katanya/ujarnya/tegasnya/…** — or a pronoun speaker ("Ia
               mengatakan", "Mereka juga mengakui") — the speaker of the nearest earlier sentence of
               the same part that has one (at most :data:`LOOKBACK`
               sentences back).
``continued``  a quotation with no speaker of its own, right after a quotation
               that has one (within :data:`LOOKBACK` sentences): a quote
               that runs on over paragraphs.

A quotation (a run of quoted tokens, possibly over several sentences) takes
the speaker found by a ``tag`` right after it; else one found in its first
sentence before it ("X mengatakan mereka mengebom pasukan “teroris”", "ujar
Abu Ali: “…”"); else ``continued``. A narrator token takes the speaker of
its sentence only when it lies in the reported part: after the verb of a
``verb``/``pronoun`` rule or the span of a ``menurut`` rule, before the tag
of a ``tag``/``katanya`` rule. Words inside the speaker span are never
spoken by that speaker ("Pemberontak HTS mengatakan": the narrator says
"pemberontak").

``speaker_actor`` is the first actor mention inside the span (any kind: a
country can speak), else None. Known limits: no syntax, so a speech verb of
a subordinate clause ("laporan yang mengatakan") makes its noun the
speaker; indirect speech without a verb from the lists is missed; a
pronoun resolves to the previous *speaker*, not to the previous subject.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bingkai.lexicon.attribution import Mention

#: verbs after a quotation that introduce its speaker ("…,” kata X)
TAG_VERBS = frozenset({
    "kata", "ujar", "ucap", "tutur", "ungkap", "jelas", "tegas", "imbuh", "tambah", "lanjut",
    "terang", "papar", "sebut", "pungkas", "tulis", "katakan",
})
#: the same with "-nya": the speaker is the previous sentence's
TAG_NYA = frozenset(v + "nya" for v in TAG_VERBS if v != "katakan")
#: verbs after their speaker (X mengatakan …)
SPEECH_VERBS = frozenset({
    "mengatakan", "berkata", "menyatakan", "menyebut", "menyebutkan", "mengumumkan", "melaporkan",
    "menuduh", "menuding", "menegaskan", "menambahkan", "menjelaskan", "mengklaim", "mengungkapkan",
    "memperingatkan", "menyampaikan", "menilai", "mengakui", "membantah", "menulis", "mengecam",
    "mengutuk", "menyerukan", "bersumpah", "menuturkan", "mengungkap", "menerangkan", "memaparkan",
})
#: every key _segment_speakers acts on (a word that is none of them is skipped at once)
_CUES = TAG_VERBS | TAG_NYA | SPEECH_VERBS | {"menurut"}
PRONOUNS = frozenset({"ia", "dia", "beliau", "mereka"})
ADVERBS = frozenset({"juga", "pun", "kemudian", "telah", "sudah", "lalu", "sebelumnya", "kembali",
                     "bahkan", "akan", "pernah", "secara", "langsung", "tegas", "terpisah"})
#: discourse words that open a clause before its subject ("Sementara itu Araghchi mengatakan")
LEADING = frozenset({"sementara", "itu", "namun", "dan", "tetapi", "tapi", "sedangkan", "adapun", "lalu",
                     "kemudian", "selain", "bahkan"})
QUOTE = '"'
BOUNDARY = frozenset({QUOTE, ",", ":", ";", "(", ")", ".", "!", "?", "—", "-", "–"})
#: words that end a speaker named after its cue ("kata Putin kepada wartawan",
#: "ujar X dalam jumpa pers", "menurut X di Jakarta")
AFTER_SPEAKER = frozenset({"kepada", "dalam", "pada", "saat", "ketika", "di", "melalui", "dilansir",
                           "dikutip", "seperti", "sebagaimana", "usai", "setelah", "sebelum"})
MAX_SPAN = 10
LOOKBACK = 3


@dataclass(frozen=True)
class Speaker:
    """Tokens ``[start, stop)`` name the speaker; ``cue`` is the token of the
    verb/tag/"menurut" (the reported part lies after a ``verb``/``menurut``
    cue and before a ``tag``/``katanya`` cue)."""

    start: int
    stop: int
    actor: str | None
    basis: str
    cue: int


def find(keys: Sequence[str], seg: Sequence[int], quoted: Sequence[bool],
         mentions: Sequence[Mention]) -> tuple[dict[int, Speaker], list[Speaker | None]]:
    """Speakers of one document.

    ``keys``: token match keys; ``seg``: sentence segment id per token (equal
    ids contiguous); ``quoted``: the tokens' quoted flag; ``mentions``:
    actor mentions sorted by start. Returns ``(by_segment, by_token)``:
    the speaker of each segment that reports speech, and per token the
    speaker of the words at that token (None where the narrator speaks),
    following the module's rules.
    """
    n = len(keys)
    bounds: list[tuple[int, int]] = []  # [a, b) per segment, in order
    a = 0
    for i in range(1, n + 1):
        if i == n or seg[i] != seg[a]:
            bounds.append((a, i))
            a = i
    mention_at = _mention_index(mentions, n)

    by_segment: dict[int, Speaker] = {}
    cues: list[list[Speaker]] = []
    previous: Speaker | None = None
    previous_k = -LOOKBACK - 1
    for k, (a, b) in enumerate(bounds):
        found = _segment_speakers(keys, a, b, mention_at, mentions)
        resolved = []
        for sp in found:
            if sp.basis in ("katanya", "pronoun"):
                if previous is None or k - previous_k > LOOKBACK:
                    continue
                sp = Speaker(previous.start, previous.stop, previous.actor, sp.basis, sp.cue)
            resolved.append(sp)
        cues.append(resolved)
        if resolved:
            by_segment[seg[a]] = resolved[0]
            previous, previous_k = resolved[-1], k

    by_token: list[Speaker | None] = [None] * n
    # narrator words in the reported part of a sentence
    for (a, b), found in zip(bounds, cues):
        for sp in found:
            if sp.basis in ("verb", "menurut", "pronoun"):
                lo, hi = sp.cue + 1, b
            else:  # tag, katanya: the words before the tag
                lo, hi = a, sp.cue
            for i in range(lo, hi):
                if by_token[i] is None and not (sp.start <= i < sp.stop):
                    by_token[i] = sp
    # quotations: runs of quoted tokens
    seg_index = {seg[a]: k for k, (a, _) in enumerate(bounds)}
    last_quote: tuple[int, Speaker] | None = None
    i = 0
    while i < n:
        if not quoted[i]:
            i += 1
            continue
        j = i
        while j < n and quoted[j]:
            j += 1
        k_first, k_last = seg_index[seg[i]], seg_index[seg[j - 1]]
        sp = next((s for s in cues[k_last] if s.basis in ("tag", "katanya") and s.cue >= j), None)
        if sp is None:
            sp = next((s for s in reversed(cues[k_first]) if s.cue < i and s.stop <= i), None)
        if sp is None and last_quote is not None and k_first - last_quote[0] <= LOOKBACK:
            prev = last_quote[1]
            sp = Speaker(prev.start, prev.stop, prev.actor, "continued", prev.cue)
        if sp is not None:
            for t in range(i, j):
                by_token[t] = sp
            last_quote = (k_last, sp)
        i = j
    return by_segment, by_token


def _mention_index(mentions: Sequence[Mention], n: int) -> list[int]:
    """Per token, the index of the mention covering it, or -1."""
    at = [-1] * n
    for idx, m in enumerate(mentions):
        for t in range(m.start, min(m.stop, n)):
            at[t] = idx
    return at


def _actor_in(a: int, b: int, mention_at: list[int], mentions: Sequence[Mention]) -> str | None:
    for t in range(a, b):
        if mention_at[t] >= 0:
            return mentions[mention_at[t]].actor
    return None


def _segment_speakers(keys, a: int, b: int, mention_at, mentions) -> list[Speaker]:
    """Speakers cued in segment ``[a, b)``, in text order; ``katanya`` and
    ``pronoun`` ones still to be resolved to an earlier speaker."""
    out: list[Speaker] = []
    for j in range(a, b):
        key = keys[j]
        if key not in _CUES:  # most words: one set lookup instead of the four below
            continue
        after_quote = j > a and keys[j - 1] in (QUOTE, ",")
        if key in TAG_VERBS and after_quote:
            lo, hi = _forward(keys, j + 1, b)
            if hi > lo:
                out.append(Speaker(lo, hi, _actor_in(lo, hi, mention_at, mentions), "tag", j))
        elif key in TAG_NYA and after_quote:
            out.append(Speaker(j, j, None, "katanya", j))
        elif key == "menurut":
            lo, hi = _forward(keys, j + 1, b)
            if hi > lo:
                out.append(Speaker(lo, hi, _actor_in(lo, hi, mention_at, mentions), "menurut", j))
        elif key in SPEECH_VERBS and j > a:
            lo, hi = _backward(keys, a, j)
            if hi <= lo:
                continue
            if hi - lo == 1 and keys[lo] in PRONOUNS:
                out.append(Speaker(lo, hi, None, "pronoun", j))
                continue
            actor = _actor_in(lo, hi, mention_at, mentions)
            if actor is None and keys[j - 1] == "," and lo > a and keys[lo - 1] == ",":
                # apposition: "Kantor berita pemerintah Suriah, SANA, melaporkan"
                lo2, _ = _backward(keys, a, lo - 1)
                actor = _actor_in(lo2, lo - 1, mention_at, mentions)
                lo = lo2 if actor is not None else lo
            out.append(Speaker(lo, hi, actor, "verb", j))
    return out


def _forward(keys, lo: int, b: int) -> tuple[int, int]:
    hi = lo
    while hi < b and hi - lo < MAX_SPAN and keys[hi] not in BOUNDARY and keys[hi] not in AFTER_SPEAKER:
        hi += 1
    return lo, hi


def _backward(keys, a: int, j: int) -> tuple[int, int]:
    hi = j
    if hi > a and keys[hi - 1] == ",":  # "X, …, mengatakan": the comma closes an apposition
        hi -= 1
    while hi > a and keys[hi - 1] in ADVERBS:
        hi -= 1
    lo = hi
    while lo > a and hi - lo < MAX_SPAN and keys[lo - 1] not in BOUNDARY:
        lo -= 1
    while lo < hi and keys[lo] in LEADING:
        lo += 1
    return lo, hi
