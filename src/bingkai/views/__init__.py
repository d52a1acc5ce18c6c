"""What researchers call: kwic, query (CQL), collocates, keyness, n-grams and clusters,
tf-idf, similarity and same-story pairs, text reuse, framing rates, timelines, coding
sheets, dispersion and log-odds.

Each view reads a ``Corpus`` (``indexing``) and scores its counts with ``stats``.
"""
