"""Text at the level of one string: normalisation, tokens, sentences, quotes (voice),
stop words, stemming (PySastrawi with protected forms) and the term analyzer.

The lowest pipeline layer: depends only on the bottom modules (``errors``, ``progress``,
``parallel``, ``constants``, ``frames``).
"""
