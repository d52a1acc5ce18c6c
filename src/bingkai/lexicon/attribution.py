"""Who is a label applied to? Transparent, checkable attribution rules.

Input is one document's tokens (match keys, word flags, sentence ids), its
label matches and its actor mentions (both from
:class:`bingkai.lexicon.packs.PhraseMatcher`); output is, per label match, an
``(actor, actor_basis)`` pair. The rules run in this order and never look
outside the label's sentence:

1. ``same_phrase`` — the label overlaps an actor mention: "tentara Suriah",
   "rezim Suriah", "pemerintah Suriah" are at once a label and a name of
   ``syrian_government`` (labels and actors are separate layers).
2. The actor mention follows the label, with at most ``MAX_SKIP`` tokens in
   between, each of them one of:
   a country name (an actor of kind ``place``: "pasukan pemberontak
   Suriah Hay’at Tahrir al-Sham"), another label ("kelompok militan ekstrim
   ISIS"), a title (:data:`TITLES`: "rezim Presiden Bashar al-Assad"), a
   group noun or "bersenjata" (:data:`FILLERS`: "teroris bersenjata dari
   kelompok ISIS"), an opening parenthesis, and at most one linker
   (:data:`LINKERS`: "dari", "yang dipimpin (oleh)", "pimpinan", "bentukan",
   "yakni", "seperti" ...). Basis: ``linked:<linker>`` when a linker was
   crossed; else ``genitive`` when the variant applies to a state ("rezim
   Assad" = Assad's regime) and ``apposition`` otherwise ("milisi Hayi'at
   Tahrir Al Shams (HTS)").
   "yang didukung" is deliberately *not* a linker: in "pasukan pemerintah
   yang didukung Rusia" Russia backs the forces, it is not their name.
3. ``window`` — the nearest actor mention in the same sentence whose first
   (or, before the label, last) word is at most ``window`` word tokens away
   (adjacent = 1; default 8; numbers and punctuation are not counted), ties
   broken toward the following mention. Mentions in these roles are skipped
   because they are, by the sentence's own wording, someone else:
   *speakers* (followed by a speech verb, :data:`SPEECH_VERBS`, or preceded
   by "menurut"/"kata"/... — "Militer Rusia mengatakan mereka mengebom
   pasukan “teroris”": Russia is the speaker, not the target),
   *supporters* (preceded by "didukung (oleh)", "sekutu", ... — and actors
   coordinated with them: "didukung Rusia dan Iran"), and actors
   *coordinated with the label* ("pasukan pemerintah serta Rusia": two
   parties).
4. Only for a variant that needs an actor to be a framing use (``needs_actor``:
   "pemerintah", "rezim", "aparat keamanan"), two structural fallbacks:
   ``genitive_place`` — a country name (a ``place`` actor) right after the
   label names a government by its country ("pemerintah Qatar", "rezim
   Korut"): a framing use whose target is not an actor of the pack, so
   ``actor`` stays None; ``discourse`` — the sentence names no government,
   and the nearest of the :data:`DISCOURSE` previous sentences that names a
   compatible actor names exactly one ("Jet tempur pemerintah Suriah
   menggempur Idlib. ... sebuah pos rezim"): that actor, the topic the bare
   word refers back to (an earlier use of the same label, "rezim ...
   rezim tersebut", first; speakers and supporters are no antecedents); ``home`` — still nothing, and the part (title,
   subtitle or body) names no government and no country but the home ones
   (``data/home.txt``): the home actor of the label
   (``data/home_actors.csv``: "pemerintah" in Indonesian news about Indonesia
   is Indonesia's government), when the lexicon has that actor. Two actors
   (or a foreign part) leave the label unattributed.
5. Otherwise ``actor`` is None and ``actor_basis`` is ``unattributed``.

Direction (all rules): Indonesian argument structure, as data
(``data/argument_structure.csv``, :func:`argument_words`). In "<act>
[modifiers] [agent] <patient preposition> [fillers] Y" ("agresi Israel
terhadap Iran", "serangan udara Israel ke Iran", "pendudukan atas wilayah Iran
oleh Israel") Y and the mentions coordinated with it are the act's patient;
a label whose variant contains an act noun ("agresi", "pendudukan",
"perlawanan") is never attributed to a patient, so "Israel melakukan agresi
terhadap Iran" and "serangan Israel ke Iran merupakan agresi" name Israel
and "Houthi melanjutkan perlawanan terhadap Israel" names the Houthis. A
possessive label ("agresinya", "pemerintahnya"; :mod:`bingkai.lexicon.matching`
matches it) names its possessor, before it: only preceding mentions count.

Kind compatibility (all rules): a candidate actor is only accepted when its
``kind`` fits the variant's ``applies_to`` (:data:`COMPATIBLE`); ``place``
actors are never targets. So "Tentara Suriah akan ... mengalahkan
kelompok-kelompok teroris ini" does not make the Syrian army the
terrorists, and "Pasukan anti-Bashar al-Assad" does not make Assad the
anti-Assad force. The cost: an outlet calling a *state* "teroris" with the
bare word is not attributed; the variant "negara teroris" (applies to
foreign_power) exists for that.

Known limitations (misses a reader of the seed corpus will see):

* No pronoun or cross-sentence resolution: "Mereka juga mengakui bahwa para
  pemberontak ..." and "Pemberontak Suriah telah menguasai Aleppo" are
  unattributed although the article is about HTS; so is the quoted
  "negara agresor" in a sentence that never names Russia.
* Proximity is not syntax: within the window the nearest compatible actor
  wins even when it is, say, the object of the label's verb; and a label
  whose true referent is named 9+ words away is unattributed (coalitions:
  "koalisi kelompok militan Islam yang dipimpin oleh kelompok yang
  berafiliasi dengan Al Qaeda ..., Hayat Tahrir al-Sham").
* Speaker/supporter detection only looks at the words right next to the
  mention ("Araghchi mengatakan kepada Assad" marks Araghchi, not a speaker
  named three words earlier).
* Misspellings in the text ("kemlompok bersenjata") are not matched at all.
"""

from __future__ import annotations

import csv
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate

# applies_to -> actor kinds a label with that applies_to may be attributed to.
# state and foreign_power are both governments (a label like "rezim" or
# "negara agresor" can name either); the distinction is their role.
COMPATIBLE: dict[str, frozenset[str]] = {
    "armed_group": frozenset({"armed_group"}),
    "state": frozenset({"state", "foreign_power"}),
    "foreign_power": frozenset({"state", "foreign_power"}),
    "any": frozenset({"armed_group", "state", "foreign_power", "person", "organisation"}),
}

# Linkers between a label and the actor it names (rule 2), as match-key
# token sequences; the basis records the linker as written here.
LINKERS: tuple[tuple[str, ...], ...] = tuple(
    tuple(s.split()) for s in (
        "dari", "yang dipimpin", "yang dipimpin oleh", "dipimpin", "dipimpin oleh",
        "pimpinan", "bentukan", "yakni", "yaitu", "seperti", "bernama", "yang bernama",
        "yang dikenal sebagai", "alias",
    )
)
# Words that may stand between a label and its actor without changing whom
# the label names: group nouns and the attribute "bersenjata".
FILLERS = frozenset({"bersenjata", "kelompok", "organisasi", "faksi", "gerakan", "jaringan", "koalisi"})
# Titles between a label and a person standing for a government or group.
TITLES = frozenset({"presiden", "perdana", "menteri", "raja", "sultan", "pemimpin"})
MAX_SKIP = 5
DEFAULT_WINDOW = 8
#: rule 4: how many previous sentences a bare needs-actor label looks back for its government
DISCOURSE = 2
#: the basis of a needs-actor label named by a country it has no actor for (counted, no target)
GENITIVE_PLACE = "genitive_place"

SPEECH_VERBS = frozenset({
    "mengatakan", "berkata", "menyatakan", "menyebut", "menyebutkan", "mengumumkan",
    "melaporkan", "menuduh", "menuding", "menegaskan", "menambahkan", "menjelaskan",
    "mengklaim", "mengungkapkan", "memperingatkan",
})
SPEAKER_CUES_BEFORE = frozenset({"menurut", "kata", "ujar", "ucap", "tutur", "ungkap"})
SUPPORT_WORDS = frozenset({
    "didukung", "dukungan", "disokong", "sokongan", "dibantu", "bantuan", "sekutu",
    "bersekutu", "dipersenjatai",
})
SUPPORT_PREPOSITIONS = frozenset({"oleh", "dari", "dengan"})
# the force a supporter lends, between the support word and its name ("didukung
# oleh kekuatan udara Rusia", "didukung jet tempur Rusia"): at most MAX_SUPPORT_NOUNS
SUPPORT_NOUNS = frozenset({
    "kekuatan", "angkatan", "pasukan", "tentara", "militer", "udara", "darat", "laut", "jet",
    "pesawat", "tempur", "serangan", "milisi",
})
MAX_SUPPORT_NOUNS = 3
CONJUNCTIONS = frozenset({"dan", "serta", "atau", ","})


#: the roles of ``data/argument_structure.csv`` (see :func:`argument_words`)
ARGUMENT_ROLES = ("act", "patient_preposition", "act_modifier", "patient_filler")
#: at most this many act modifiers / patient fillers are crossed
MAX_MODIFIERS = 2


@lru_cache(maxsize=1)
def argument_words() -> dict[str, frozenset[str]]:
    """Indonesian argument structure as data: ``{role: words}`` from
    ``data/argument_structure.csv`` (columns ``word, role, note``).

    ``act``: nouns of an act done by an agent to a patient ("agresi",
    "serangan", "pendudukan"); ``patient_preposition``: what marks the
    patient after the act and its agent ("terhadap", "atas", "ke");
    ``act_modifier``: words between the act and its agent or preposition
    ("agresi militer Israel", "serangan udara"); ``patient_filler``: a head
    noun between the preposition and the patient's name ("terhadap wilayah
    Iran").
    """
    path = resources.files("bingkai") / "data" / "argument_structure.csv"
    out: dict[str, set[str]] = {r: set() for r in ARGUMENT_ROLES}
    with path.open(encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f), start=2):
            role, word = (row.get("role") or "").strip(), (row.get("word") or "").strip().lower()
            if role not in out or not word or " " in word:
                raise ValueError(f"{path}, row {n}: role must be one of {', '.join(ARGUMENT_ROLES)} "
                                 "and word one word")
            out[role].add(word)
    return {r: frozenset(w) for r, w in out.items()}


@lru_cache(maxsize=1)
def home_actors() -> dict[str, str]:
    """``{label: actor}`` from ``data/home_actors.csv`` (columns ``label, actor,
    note``): whom a bare needs-actor label names in a part about the home
    country (rule 4)."""
    path = resources.files("bingkai") / "data" / "home_actors.csv"
    out: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f), start=2):
            label, actor = (row.get("label") or "").strip(), (row.get("actor") or "").strip()
            if not label or not actor or label in out:
                raise ValueError(f"{path}, row {n}: give one row per label, with its label and actor")
            out[label] = actor
    return out


@lru_cache(maxsize=1)
def foreign_countries() -> frozenset[str]:
    """Lower-cased country names other than Indonesia's
    (``data/foreign_countries.txt``; ``#`` comments): a part naming one is not
    about Indonesia (rule 4's home actors do not apply there)."""
    path = resources.files("bingkai") / "data" / "foreign_countries.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.lstrip().startswith("#"))


@lru_cache(maxsize=1)
def home_ids() -> frozenset[str]:
    """Actor ids (places and governments) that are home (``data/home.txt``;
    ``#`` comments): a part naming any other government or country is not
    about the home country."""
    path = resources.files("bingkai") / "data" / "home.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.lstrip().startswith("#"))


@dataclass(frozen=True)
class Mention:
    """An actor mention: tokens ``[start, stop)`` of the document."""

    start: int
    stop: int
    actor: str
    kind: str


@dataclass(frozen=True)
class LabelMatch:
    """A label match: tokens ``[start, stop)``; ``applies_to`` of its variant;
    ``possessive``: the label carries a possessive "-nya" ("agresinya",
    "pemerintahnya"), so it names its possessor, named before it."""

    start: int
    stop: int
    applies_to: str
    possessive: bool = False
    #: the variant is a framing use only with an actor (rule 4's fallbacks apply)
    needs_actor: bool = False
    #: the label ("rezim"): an earlier use of the same label is rule 4's first antecedent
    label: str = ""


def attribute(
    keys: Sequence[str],
    is_word: Sequence[bool],
    sent: Sequence[int],
    labels: Sequence[LabelMatch],
    mentions: Sequence[Mention],
    window: int = DEFAULT_WINDOW,
    exclude: Sequence[Collection[int]] | None = None,
    part: Sequence[int] | None = None,
    home: dict[str, str] | None = None,
) -> list[tuple[str | None, str]]:
    """``(actor, actor_basis)`` for each label match of one document.

    ``keys`` are the tokens' match keys (:func:`bingkai.lexicon.packs.match_key` of
    ``lower``), ``is_word`` flags word tokens (for window distances),
    ``sent`` the sentence id of each token. Matches and mentions are sorted
    by ``start`` and do not overlap within their own layer. ``exclude``
    (optional, one entry per label match): indices into ``mentions`` that
    may not be that match's target — the speaker of the words it is in
    (:mod:`bingkai.lexicon.speakers`). ``part`` (optional): the part
    (title, subtitle, body) of each token; rule 4's antecedent is never
    sought in another part, so a body's counts do not depend on whether its
    title was scanned with it. ``home``: ``{label: actor}``, the home actors
    of :func:`home_actors` the lexicon has (rule 4; none when not given).

    Time is linear in the document (plus a log factor): mentions are found
    by binary search on their positions, and the window rule walks outward
    from the label only while the distance is within ``window``, so a
    document with thousands of labels and mentions in one long sentence
    does not cost labels × mentions.
    """
    if window < 0:
        raise ValueError("window must be >= 0")
    starts = {m.start: m for m in mentions}
    m_start = [m.start for m in mentions]
    m_stop = [m.stop for m in mentions]  # sorted too: mentions do not overlap
    label_at = {}
    for lab in labels:
        for k in range(lab.start, lab.stop):
            label_at[k] = lab
    excluded = _role_excluded(keys, mentions)
    # the actors given to earlier labels, with their start (rule 4's antecedents)
    resolved: list[tuple[int, str, str]] = []
    kind_of = {m.actor: m.kind for m in mentions}
    # parts that name a foreign government or country: no home actor there
    # (countries also by name, so a pack without them still sees them)
    ours = home_ids()
    foreign = {part[m.start] if part is not None else 0 for m in mentions
               if m.kind in ("state", "foreign_power", "place") and m.actor not in ours}
    if home:
        countries = foreign_countries()
        foreign.update(part[t] if part is not None else 0 for t in range(len(keys))
                       if keys[t] in countries or (t + 1 < len(keys) and f"{keys[t]} {keys[t + 1]}" in countries))
    roles = argument_words()
    patients = _patients(keys, sent, mentions, roles)
    # cumulative word counts: words in [a, b) = cum[b] - cum[a]
    cum = [0, *accumulate(1 if w else 0 for w in is_word)]

    out = []
    for n_lab, lab in enumerate(labels):
        if out and out[-1][0] is not None and labels[n_lab - 1].needs_actor:
            resolved.append((labels[n_lab - 1].start, out[-1][0], labels[n_lab - 1].label))
        ok = COMPATIBLE[lab.applies_to]
        banned = exclude[n_lab] if exclude is not None else ()
        if patients and any(keys[t] in roles["act"] for t in range(lab.start, lab.stop)):
            # an act label ("agresi") never names the patient of an act
            banned = set(banned) | patients
        s = sent[lab.start]
        # mentions overlapping the label: the first whose stop is after its start, onward
        j = bisect_right(m_stop, lab.start)
        same = None
        while j < len(mentions) and mentions[j].start < lab.stop:
            if mentions[j].kind in ok and j not in banned:
                same = mentions[j]
                break
            j += 1
        if same is not None:
            out.append((same.actor, "same_phrase"))
            continue
        found = None if lab.possessive else _following(keys, sent, lab, starts, label_at, ok,
                                                         {mentions[i] for i in banned})
        if found is not None:
            out.append(found)
            continue
        best = None  # (distance, 0 for following / 1 for preceding, actor)
        # following mentions, nearest first: distance only grows (a possessive's
        # possessor is never after it: "Calvo mengatakan pemerintahnya ... Washington")
        j = bisect_left(m_start, lab.stop) if not lab.possessive else len(mentions)
        while j < len(mentions) and sent[m_start[j]] == s:
            dist = cum[m_start[j]] - cum[lab.stop] + 1
            if dist > window:
                break
            m = mentions[j]
            if _candidate(keys, lab, m, ok, excluded) and j not in banned:
                best = (dist, 0, m.actor)
                break
            j += 1
        # preceding mentions, nearest first
        j = bisect_right(m_stop, lab.start) - 1
        while j >= 0 and sent[m_start[j]] == s:
            dist = cum[lab.start] - cum[m_stop[j]] + 1
            if dist > window or (best is not None and (dist, 1) >= best[:2]):
                break
            m = mentions[j]
            if _candidate(keys, lab, m, ok, excluded) and j not in banned:
                best = (dist, 1, m.actor)
                break
            j -= 1
        if best is None and lab.needs_actor:
            found = _fallback(keys, sent, part, lab, mentions, m_start, ok, banned, excluded,
                              [(q, a) for q, a, w in resolved if w == lab.label and kind_of.get(a) in ok])
            if (found[0] is None and found[1] != GENITIVE_PLACE and home and lab.label in home
                    and (part[lab.start] if part is not None else 0) not in foreign):
                found = (home[lab.label], "home")
            out.append(found)
            continue
        out.append((best[2], "window") if best else (None, "unattributed"))
    return out


def _fallback(keys, sent, part, lab: LabelMatch, mentions: Sequence[Mention], m_start, ok,
              banned, excluded, resolved) -> tuple[str | None, str]:
    """Rule 4 for a needs-actor label the sentence did not place: a genitive
    country right after it (over an opening parenthesis), else the one
    compatible actor of the nearest of the :data:`DISCOURSE` previous sentences
    that names any."""
    p = lab.stop + (1 if lab.stop < len(keys) and keys[lab.stop] == "(" else 0)
    j = bisect_left(m_start, p)
    if (not lab.possessive and j < len(mentions) and m_start[j] == p and mentions[j].kind == "place"
            and sent[p] == sent[lab.start]):
        return None, GENITIVE_PLACE
    s = sent[lab.start]
    # antecedents before the label's sentence: first the actors given to
    # earlier uses of the same label ("rezim tersebut" refers back to the regime
    # a previous sentence named, not to another government beside it), then
    # mentions, neither supporters ("didukung Rusia" names who backs the
    # government, not it) nor speakers ("... , kata Putin": whoever speaks is
    # not thereby the topic the next sentence's bare word refers to)
    earlier = [(q, a) for q, a in resolved if q < lab.start]
    named = [(m.start, m.actor) for k, m in enumerate(mentions[:bisect_left(m_start, lab.start)])
             if m.kind in ok and k not in banned and m not in excluded]
    for cands in (earlier, named):
        seen: set[str] = set()
        here = None
        for q, actor in sorted(cands, reverse=True):
            if sent[q] == s:
                continue  # the label's own sentence: already searched
            if s - sent[q] > DISCOURSE or (part is not None and part[q] != part[lab.start]):
                break
            if here is not None and sent[q] != here:
                break  # the nearest sentence with a candidate has been read whole
            here = sent[q]
            seen.add(actor)
        if len(seen) == 1:
            return seen.pop(), "discourse"
        if seen:
            break  # two antecedents: ambiguous
    return None, "unattributed"


def _patients(keys, sent, mentions: Sequence[Mention], roles) -> set[int]:
    """Indices of the mentions that are the patient of an act: "<act>
    [modifiers] [agent] [modifiers] <patient preposition> [fillers] <Y>"
    ("agresi Israel terhadap Iran", "serangan udara Israel ke Iran",
    "pendudukan atas wilayah Iran"): Y, and the mentions coordinated with it
    ("atas Gaza dan Iran"). An act's patient is the victim, never the one
    an act label names."""
    preps = roles["patient_preposition"]
    if not mentions or not preps.intersection(keys):
        return set()
    acts, modifiers, fillers = roles["act"], roles["act_modifier"], roles["patient_filler"]
    start_at = {m.start: k for k, m in enumerate(mentions)}
    stop_at = {m.stop: k for k, m in enumerate(mentions)}
    n = len(keys)
    out: set[int] = set()
    for p, key in enumerate(keys):
        if key not in preps:
            continue
        # leftwards to the act: modifiers and at most one agent mention
        q, agent, crossed, found = p - 1, False, 0, False
        while q >= 0 and sent[q] == sent[p]:
            if keys[q] in acts:
                found = True
                break
            if keys[q] in modifiers and crossed < MAX_MODIFIERS:
                crossed += 1
                q -= 1
                continue
            k = stop_at.get(q + 1)
            if k is not None and not agent and mentions[k].start <= q:
                agent = True
                q = mentions[k].start - 1
                continue
            break
        if not found:
            continue
        r, crossed = p + 1, 0
        while r < n and sent[r] == sent[p] and keys[r] in fillers and crossed < MAX_MODIFIERS:
            r += 1
            crossed += 1
        k = start_at.get(r)
        while k is not None and sent[mentions[k].start] == sent[p]:
            out.add(k)
            m = mentions[k]
            nxt = start_at.get(m.stop + 1)
            k = nxt if m.stop < n and keys[m.stop] in CONJUNCTIONS else None
    return out


def _candidate(keys, lab: LabelMatch, m: Mention, ok, excluded) -> bool:
    return m.kind in ok and m not in excluded and not _coordinated(keys, lab, m)


def _following(keys, sent, lab: LabelMatch, starts, label_at, ok, banned=frozenset()) -> tuple[str, str] | None:
    """Rule 2: an actor right after the label, over allowed material only
    (a ``banned`` mention — the speaker — ends the search)."""
    s = sent[lab.start]
    p, skipped, linker = lab.stop, 0, None
    n = len(keys)
    while p < n and sent[p] == s and skipped <= MAX_SKIP:
        m = starts.get(p)
        if m is not None and m.kind not in ("place", "role"):
            if m.kind not in ok or m in banned:
                return None  # the next name is the wrong kind: don't look past it
            if linker is not None:
                return m.actor, f"linked:{' '.join(linker)}"
            return m.actor, ("genitive" if lab.applies_to == "state" else "apposition")
        if m is not None:  # a country name used as an adjective, or a role
            step = m.stop - p
        elif p in label_at and label_at[p] is not lab:
            other = label_at[p]
            step = other.stop - p
        elif keys[p] in FILLERS or keys[p] in TITLES or keys[p] == "(":
            step = 1
        elif linker is None and (hit := _linker_at(keys, p)) is not None:
            linker = hit
            step = len(hit)
        else:
            return None
        p += step
        skipped += step
    return None


def _linker_at(keys, p) -> tuple[str, ...] | None:
    best = None
    for link in LINKERS:
        if tuple(keys[p:p + len(link)]) == link and (best is None or len(link) > len(best)):
            best = link
    return best


def _role_excluded(keys, mentions: Sequence[Mention]) -> set[Mention]:
    """Mentions that are speakers or supporters (and their conjuncts)."""
    out: set[Mention] = set()
    prev: Mention | None = None
    for m in mentions:
        before = keys[m.start - 1] if m.start > 0 else ""
        before2 = keys[m.start - 2] if m.start > 1 else ""
        after = keys[m.stop] if m.stop < len(keys) else ""
        speaker = after in SPEECH_VERBS or before in SPEAKER_CUES_BEFORE
        supporter = before in SUPPORT_WORDS or (before in SUPPORT_PREPOSITIONS and before2 in SUPPORT_WORDS)
        if not supporter and before in SUPPORT_NOUNS:
            q = m.start - 1
            while q > 0 and m.start - q <= MAX_SUPPORT_NOUNS and keys[q] in SUPPORT_NOUNS:
                q -= 1
            supporter = keys[q] in SUPPORT_WORDS or (keys[q] in SUPPORT_PREPOSITIONS and q > 0
                                                     and keys[q - 1] in SUPPORT_WORDS)
        conjunct = (prev is not None and prev in out and prev.stop == m.start - 1 and before in CONJUNCTIONS)
        if speaker or supporter or conjunct:
            out.add(m)
        prev = m
    return out


def _coordinated(keys, lab: LabelMatch, m: Mention) -> bool:
    """The mention is a conjunct of the label ("X dan Y"): a different party."""
    if m.start == lab.stop + 1 and keys[lab.stop] in CONJUNCTIONS:
        return True
    return m.stop == lab.start - 1 and keys[m.stop] in CONJUNCTIONS
