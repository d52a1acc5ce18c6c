"""PyPI ``Sastrawi`` 1.0.1 stemming the same corpus, in its own venv.

PyPI's ``Sastrawi`` 1.0.1 and ``PySastrawi`` 1.2.1 share the import name
``Sastrawi``, so 1.0.1 lives in ``benchmarks/data/venv-sastrawi101`` (created by
the harness with ``python -m venv`` + ``pip install Sastrawi==1.0.1``) and this
script runs there: ``<venv>/bin/python -m benchmarks.sastrawi101 CORPUS WORDS``.
Standard library only (that venv has no pandas). Its ``ArrayDictionary`` is a
Python list, so every dictionary lookup is a linear scan over ~30k roots.

Prints one JSON list of result rows (as ``benchmarks.worker``).
"""

from __future__ import annotations

import json
import sys

from .measure import measure


def main(argv: list[str]) -> int:
    path, words = argv[0], int(argv[1])
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    with open(path, encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]
    rows = []
    stemmer, row = measure("stem setup (StemmerFactory)", lambda: StemmerFactory().create_stemmer(),
                           words=words)
    rows.append(row)
    _, row = measure("stem per doc (CachedStemmer)", lambda: [stemmer.stem(t) for t in texts],
                     words=words)
    rows.append(row)
    for r in rows:
        r["pipeline"] = "Sastrawi 1.0.1"
    print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
