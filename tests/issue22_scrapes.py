"""Issue 22 fixtures: generated scrapes imitating real multi-outlet news scrapes.

Every sentence is built here from hand-written Indonesian templates (no scraped
article is copied). What imitates a real scrape is the furniture around them,
one style per outlet, as issue 22 lists it:

- datelines: "Liputan6.com, Jakarta -PT …" (no space after the dash),
  "Liputan6.com, JakartaKita semua …" (glued to the first word),
  "KOMPAS.com -", "JAKARTA, KOMPAS.com -", "TEMPO.CO, Jakarta -",
  "REPUBLIKA.CO.ID, JAKARTA --" and the tokenised "Jakarta , CNN Indonesia - -";
- channel furniture naming the outlet: "Loading...Ikuti Whatsapp Channel
  Republika" (a line of its own, or glued after a paragraph's last full stop),
  "Artikel ini telah naik di Kompas.com dengan judul …", "Baca selengkapnyadi
  sini", "Ikuti berita terkini dari Tempo di Google News";
- bylines at the end: "(Rina Hartono )", "( bac / nva )";
- cascaded text: a Republika article whose paragraphs are printed
  cumulatively (1; 1 2; 1 2 3; …), on one line or one paragraph a line;
- dates inside strings: "Kompas.com- 18/06/2025, 20:31 WIB", ", Jurnalis-Rabu,
  18 Juni 2025 |20:01 WIB", "Diterbitkan … Diperbarui …", "… WIB Red: <name>";
- a stray old article (2018) among June 2025 ones.

Everything is deterministic: ``random.Random`` seeded with strings.

``Article`` keeps, besides the raw row, what a perfect cleaner would leave
(``paragraphs``) and the date the ``published`` string holds (``day``).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

# --- sentence templates -----------------------------------------------------------------

SUBJECTS = (
    "Pemerintah daerah", "Kepala dinas kesehatan", "Juru bicara kepolisian", "Warga setempat",
    "Anggota dewan", "Menteri perhubungan", "Ketua panitia", "Para petani", "Pengamat ekonomi",
    "Direktur utama perusahaan itu", "Tim relawan", "Gubernur", "Pedagang pasar", "Sejumlah mahasiswa",
    "Kepala desa", "Komandan distrik militer", "Ketua koperasi nelayan", "Wakil bupati",
)
VERBS = (
    "menyampaikan rencana", "membahas persoalan", "meninjau kembali", "menolak usulan", "mendukung program",
    "mempertanyakan anggaran", "menyiapkan langkah", "mengumumkan hasil", "meminta kejelasan soal",
    "mengkritik kebijakan", "mengevaluasi pelaksanaan", "menunda pembahasan",
)
OBJECTS = (
    "pembangunan jalan desa", "harga beras", "penertiban pasar", "bantuan sosial", "jadwal kereta",
    "pengamanan jalur mudik", "perbaikan sekolah", "penanganan banjir", "distribusi pupuk",
    "penyaluran air bersih", "pemulihan lahan tambang", "tarif angkutan kota", "perluasan bandara",
    "penataan kawasan pesisir",
)
TAILS = (
    "pada Senin pagi", "di kantornya", "dalam rapat terbuka", "kepada wartawan", "pekan ini",
    "usai pertemuan", "di hadapan warga", "sejak awal bulan", "menjelang akhir tahun", "dalam kunjungan kerja",
)
REGIONS = ("perbatasan", "pegunungan tengah", "wilayah utara", "pesisir selatan", "kawasan hutan")
LABELS = ("teroris", "pemberontak", "separatis", "militan")
NAMES = ("Rina Hartono", "Bagus Santoso", "Dewi Lestari", "Agus Wibowo", "Sri Mulyani Putri")
#: reporters signing at the end: each signs under a fifth of an outlet's articles, as on a real desk
REPORTERS = NAMES + ("Yoga Pratama", "Wulan Sari", "Hendra Kusuma", "Ayu Maharani")
OPENINGS = ("PT", "Kita", "Sebanyak", "Harga", "Polisi", "Ratusan", "Menteri")
PLACES = ("Jakarta", "Bandung", "Surabaya", "Medan", "Makassar")
MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
             "Oktober", "November", "Desember")
MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
WEEKDAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def sentence(rng: random.Random, *, outlet_name: str | None = None, label: bool = False) -> str:
    """One body sentence from the templates (a label sentence, a quote, or a plain report)."""
    subj, verb, obj, tail = (rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(TAILS))
    if label:
        return (f"{subj} menyebut kelompok bersenjata di {rng.choice(REGIONS)} sebagai "
                f"{rng.choice(LABELS)} {tail}.")
    if outlet_name is not None:
        return f"{subj} {verb} {obj}, kata {rng.choice(NAMES)} kepada {outlet_name} {tail}."
    if rng.random() < 0.25:
        return f"\"Kami {verb} {obj} {tail},\" kata {rng.choice(NAMES)}."
    return f"{subj} {verb} {obj} {tail}."


def paragraph(rng: random.Random, *, outlet_name: str | None = None, label: bool = False) -> str:
    n = rng.choice((2, 2, 3))
    parts = [sentence(rng, label=label and k == 0,
                      outlet_name=outlet_name if k == n - 1 else None) for k in range(n)]
    return " ".join(parts)


def body(rng: random.Random, outlet_name: str, *, opening: str | None = None) -> list[str]:
    """4-6 paragraphs; about a third name the outlet in a quote ("kata X kepada Liputan6.com")."""
    paras = []
    for k in range(rng.choice((4, 5, 6))):
        paras.append(paragraph(rng, label=rng.random() < 0.4,
                               outlet_name=outlet_name if rng.random() < 0.12 else None))
    if opening is not None:
        # the first paragraph opens with a chosen word (a dateline can glue to it)
        first = paras[0]
        paras[0] = f"{opening} {first[0].lower()}{first[1:]}"
    return paras


def tokenised(text: str) -> str:
    """IndoSum-style spacing: a space on both sides of punctuation ("kata dia ." , "- -")."""
    spaced = re.sub(r"([,.!?\"():/|-])", r" \1 ", text)
    return " ".join(spaced.split())


# --- dates ------------------------------------------------------------------------------

def day_of(rng: random.Random, year: int = 2025, month: int = 6) -> dt.datetime:
    return dt.datetime(year, month, rng.randint(1, 28), rng.randint(6, 22), rng.randint(0, 59))


def weekday(d: dt.datetime) -> str:
    return WEEKDAYS_ID[d.weekday()]


# one formatter per outlet: the published strings as their pages print them
DATE_FORMS = {
    "liputan6": (lambda d, r: f"{d.day:02d} {MONTHS_SHORT[d.month - 1]} {d.year}, {d:%H:%M} WIB",
                 lambda d, r: (f"Diterbitkan {d.day:02d} {MONTHS_SHORT[d.month - 1]} {d.year}, {d:%H:%M} WIB "
                               f"Diperbarui {d.day:02d} {MONTHS_SHORT[d.month - 1]} {d.year}, 23:59 WIB")),
    "kompas": (lambda d, r: f"Kompas.com- {d:%d/%m/%Y}, {d:%H:%M} WIB",
               lambda d, r: f"Kompas.com - {d:%d/%m/%Y}, {d:%H:%M} WIB"),
    "tempo": (lambda d, r: f"{weekday(d)}, {d.day} {MONTHS_ID[d.month - 1]} {d.year} {d:%H:%M} WIB",),
    "republika": (lambda d, r: (f"{weekday(d)} {d.day:02d} {MONTHS_SHORT[d.month - 1]} {d.year} {d:%H:%M} WIB "
                                f"Red: {r.choice(NAMES)}"),),
    "okezone": (lambda d, r: f", Jurnalis-{weekday(d)}, {d.day:02d} {MONTHS_ID[d.month - 1]} {d.year} |{d:%H:%M} WIB",
                lambda d, r: (f"{r.choice(NAMES)}, Jurnalis-{weekday(d)}, {d.day:02d} {MONTHS_ID[d.month - 1]} "
                              f"{d.year} |{d:%H:%M} WIB")),
    "cnnindonesia": (lambda d, r: f"CNN Indonesia | {weekday(d)}, {d:%d/%m/%Y} {d:%H:%M} WIB",
                     lambda d, r: f"CNN Indonesia {weekday(d)}, {d.day:02d} {MONTHS_SHORT[d.month - 1]} {d.year} "
                                  f"{d:%H:%M} WIB"),
}


# --- outlets ----------------------------------------------------------------------------

@dataclass
class Article:
    outlet: str
    url: str
    title: str
    text: str
    published: str
    day: dt.date
    #: what a perfect cleaner leaves: the body paragraphs, without furniture
    paragraphs: list[str] = field(default_factory=list)
    #: which furniture forms were put in (for picking examples in tests)
    forms: tuple[str, ...] = ()

    @property
    def clean_text(self) -> str:
        return "\n".join(self.paragraphs)

    def row(self) -> dict[str, str]:
        return {"outlet": self.outlet, "url": self.url, "title": self.title, "text": self.text,
                "published": self.published}


#: outlet -> (name as printed in text, URL host)
OUTLETS = {
    "liputan6": ("Liputan6.com", "www.liputan6.com"),
    "kompas": ("Kompas.com", "nasional.kompas.com"),
    "tempo": ("Tempo.co", "nasional.tempo.co"),
    "republika": ("Republika.co.id", "news.republika.co.id"),
    "okezone": ("Okezone", "news.okezone.com"),
    "cnnindonesia": ("CNN Indonesia", "www.cnnindonesia.com"),
}
#: the outlets whose datelines name the outlet (okezone's "JAKARTA -" names a place only)
NAMED_DATELINE = ("liputan6", "kompas", "tempo", "republika", "cnnindonesia")

#: the tokens that name an outlet or its domain (for checking analysis tables)
NAME_TOKENS = {
    "liputan6": {"liputan6", "liputan6.com"},
    "kompas": {"kompas", "kompas.com"},
    "tempo": {"tempo", "tempo.co"},
    "republika": {"republika", "republika.co.id"},
    "okezone": {"okezone", "okezone.com"},
    "cnnindonesia": {"cnn", "cnnindonesia", "cnnindonesia.com"},
}
#: domain parts that are tokens of their own once "TEMPO.CO" or "REPUBLIKA.CO.ID" is split
DOMAIN_PARTS = {"com", "co", "id", "www", "co.id"}


def _title(rng: random.Random) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in
                    f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}".split())


def _url(host: str, rng: random.Random, i: int) -> str:
    return f"https://{host}/read/{1000 + i}/{'-'.join(_title(rng).lower().split()[:5])}"


def _liputan6(rng, i, paras):
    place = PLACES[i % 3] if i % 4 else "Jakarta"
    style = i % 3
    forms = []
    if style == 0:
        paras[0] = f"Liputan6.com, {place} - {paras[0]}"
    elif style == 1:
        paras[0] = f"Liputan6.com, {place} -{paras[0]}"          # no space after the dash
        forms.append("no_space")
    else:
        paras[0] = f"Liputan6.com, {place}{paras[0]}"            # glued: "JakartaKita semua"
        forms.append("glued")
    tail = "Baca selengkapnyadi sini"
    if i % 2:
        return paras[:-1] + [paras[-1] + tail], forms + ["read_more_glued"]
    return paras + [tail], forms + ["read_more_line"]


def _kompas(rng, i, paras, title):
    paras[0] = (f"KOMPAS.com - {paras[0]}" if i % 2 else f"{PLACES[i % 5].upper()}, KOMPAS.com - {paras[0]}")
    note = f"Artikel ini telah naik di Kompas.com dengan judul \"{title}\"."
    if i % 3 == 0:
        return paras + [note], ["republish_line"]
    return paras[:-1] + [f"{paras[-1]} {note}"], ["republish_glued"]


def _tempo(rng, i, paras):
    sep = " - " if i % 4 else " -"
    paras[0] = f"TEMPO.CO, {PLACES[i % 5]}{sep}{paras[0]}"
    return paras + ["Ikuti berita terkini dari Tempo di Google News, klik di sini."], []


def _republika(rng, i, paras):
    sep = " -- " if i % 3 else " --"
    paras[0] = f"REPUBLIKA.CO.ID, {PLACES[i % 5].upper()}{sep}{paras[0]}"
    invite = "Loading...Ikuti Whatsapp Channel Republika"
    if i % 2:
        return [paras[0], invite] + paras[1:], ["invite_line"]
    return [paras[0], paras[1] + invite] + paras[2:], ["invite_glued"]


def _okezone(rng, i, paras):
    paras[0] = f"{PLACES[i % 5].upper()} - {paras[0]}"
    return paras[:-1] + [f"{paras[-1]} ({REPORTERS[i % len(REPORTERS)]} )"], ["byline"]


def _cnn(rng, i, paras):
    paras[0] = f"{PLACES[i % 5]} , CNN Indonesia - - {paras[0]}"
    codes = ("bac / nva", "ptr", "fea / dea", "rds")
    return paras[:-1] + [f"{paras[-1]} ( {codes[i % len(codes)]} )"], ["byline"]


def cascade(paragraphs: list[str], *, one_line: bool) -> str:
    """The Republika cascade: paragraph k is printed with every paragraph before it (1; 1 2; 1 2 3; ...)."""
    shown = [" ".join(paragraphs[: k + 1]) for k in range(len(paragraphs))]
    return " ".join(shown) if one_line else "\n".join(shown)


def make_article(outlet: str, i: int, *, seed: str = "22", year: int = 2025) -> Article:
    """Article ``i`` of ``outlet``: raw text with the outlet's furniture, and the clean paragraphs."""
    rng = random.Random(f"{seed}-{outlet}-{i}")
    name, host = OUTLETS[outlet]
    title = _title(rng)
    opening = OPENINGS[i % len(OPENINGS)] if outlet == "liputan6" else None
    clean = body(rng, name, opening=opening)
    if outlet == "cnnindonesia":
        clean = [tokenised(p) for p in clean]
    paras = list(clean)
    if outlet == "liputan6":
        paras, forms = _liputan6(rng, i, paras)
    elif outlet == "kompas":
        paras, forms = _kompas(rng, i, paras, title)
    elif outlet == "tempo":
        paras, forms = _tempo(rng, i, paras)
    elif outlet == "republika":
        paras, forms = _republika(rng, i, paras)
    elif outlet == "okezone":
        paras, forms = _okezone(rng, i, paras)
    else:
        paras, forms = _cnn(rng, i, paras)
    when = day_of(rng, year=year)
    date_forms = DATE_FORMS[outlet]
    published = date_forms[i % len(date_forms)](when, rng)
    return Article(outlet=outlet, url=_url(host, rng, i), title=title, text="\n".join(paras),
                   published=published, day=when.date(), paragraphs=clean, forms=tuple(forms))


def scrape(n_per_outlet: int = 30, *, seed: str = "22", strays: int = 1) -> list[Article]:
    """``n_per_outlet`` articles of each outlet (June 2025) and ``strays`` Tempo articles from 2018."""
    out = [make_article(o, i, seed=seed) for o in OUTLETS for i in range(n_per_outlet)]
    out += [make_article("tempo", n_per_outlet + k, seed=seed, year=2018) for k in range(strays)]
    return out


def cascaded(article: Article, *, one_line: bool) -> Article:
    """The same article with its body cascaded (the dateline and furniture as in ``article``)."""
    lines = article.text.split("\n")
    return Article(article.outlet, article.url, article.title, cascade(lines, one_line=one_line),
                   article.published, article.day, article.paragraphs, article.forms + ("cascade",))


def write_csv(articles: list[Article], path: Path) -> Path:
    """The articles as a scraper's CSV (columns outlet, url, title, text, published)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["outlet", "url", "title", "text", "published"])
        writer.writeheader()
        for article in articles:
            writer.writerow(article.row())
    return path


# --- a timeline corpus --------------------------------------------------------------------

def timeline_articles(*, seed: str = "22t", per_week: int = 20, strays: int = 1) -> list[Article]:
    """Two outlets with ``per_week`` articles a week through June 2025 (weeks of 2, 9, 16 and 23
    June), except that outlet "beta" has only two articles in the week of 23 June, both full of
    the label "teroris"; plus ``strays`` "alpha" articles from March 2018 (one is under 1% of all)."""
    rng = random.Random(seed)
    out: list[Article] = []
    mondays = [dt.datetime(2025, 6, d, 9, 0) for d in (2, 9, 16, 23)]
    for outlet in ("alpha", "beta"):
        for w, monday in enumerate(mondays):
            heavy = outlet == "beta" and w == 3
            for k in range(2 if heavy else per_week):
                when = monday + dt.timedelta(days=k % 5, hours=k % 7)
                paras = [paragraph(rng, label=heavy or rng.random() < 0.3) for _ in range(4)]
                if heavy:
                    paras = [p + " Mereka disebut teroris dan teroris lagi oleh para pejabat." for p in paras]
                out.append(Article(outlet, f"https://{outlet}.example/{w}/{k}", _title(rng), "\n".join(paras),
                                   when.strftime("%Y-%m-%d %H:%M"), when.date(), paras))
    for k in range(strays):
        when = dt.datetime(2018, 3, 5 + k, 10, 0)
        paras = [paragraph(rng, label=True) for _ in range(4)]
        out.append(Article("alpha", f"https://alpha.example/old/{k}", _title(rng), "\n".join(paras),
                           when.strftime("%Y-%m-%d %H:%M"), when.date(), paras))
    return out


#: read_articles keywords for these files
COLUMNS = {"url": "url", "published": "published", "title": "title"}


def read(path, **kw):
    """``bingkai.read_articles`` on a fixture file (no printed summary)."""
    import bingkai

    return bingkai.read_articles(path, report=False, **COLUMNS, **kw)
