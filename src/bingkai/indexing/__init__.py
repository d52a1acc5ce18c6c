"""The corpus index: the ``Corpus`` class (tokenise once, every view reads its arrays),
its build (in process, in worker processes or on a Dask cluster) and its Parquet store.

Named ``indexing``, not ``index``: ``bingkai.index`` is the public function that builds
one. Depends on ``lexicon`` and ``text``, never on ``views`` or ``report``.
"""
