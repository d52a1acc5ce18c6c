"""Names shared by every layer, defined once: the parts of an article, the token kinds,
the voices, the part -> column map, the speaker codes and the package's data folder.
"""

from __future__ import annotations

from pathlib import Path

# the parts of an article, in document order (a part's code is its position here)
PARTS = ("title", "subtitle", "body")
# what a view reads when not told (its ``parts=`` default): the body, where an outlet's framing is
DEFAULT_PARTS = ("body",)
# the corpus-frame column that holds each part's text
PART_COLUMNS = {"title": "title", "subtitle": "subtitle", "body": "text"}
# a part's code in the index's token arrays
PART_CODES = {p: k for k, p in enumerate(PARTS)}

# the kinds of token (a kind's code in the index's token arrays is its position here)
KINDS = ("word", "number", "punct")
WORD, NUMBER, PUNCT = range(len(KINDS))

# who says a token: the outlet's own words or a direct quotation (codes by position)
VOICES = ("narrator", "quoted")
# the voice filter of the framing views: every token, or one voice
VOICE_FILTERS = ("all", *VOICES)

# speaker codes of the framing views: a label no actor is attributed to, a quotation
# whose speaker the text does not name, a label outside any quotation
UNATTRIBUTED = "unattributed"
UNIDENTIFIED_SPEAKER = "unidentified_speaker"
NO_SPEAKER = "no_speaker"

# the data files shipped with the package (lexicon packs, stop lists, protected forms,
# abbreviations, boilerplate rules)
DATA_DIR = Path(__file__).resolve().parent / "data"
