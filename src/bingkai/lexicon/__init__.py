"""Lexicons as the researcher's instrument: label and actor packs (loading, validation),
matching them in tokenised text, attributing labels to actors, finding speakers.

Depends on ``text``; ``indexing`` stores what it matches.
"""
