"""Cleaning scraped article text: the boilerplate rules (data: ``data/boilerplate.csv``),
boilerplate learned per outlet, markup and mojibake repair, glued words; the thresholds
of the rules and of the learning in one table (``thresholds.THRESHOLDS``).

Depends on ``text`` (stop words for glued-word splitting) and the bottom modules only.
"""
