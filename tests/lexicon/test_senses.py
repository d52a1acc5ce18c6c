"""Issue 21 item 2: senses as data.

Label words inside institution and law names, acronym collisions, historical uses and
everyday senses are not framing uses: they are never counted, and a historical use is
reported apart (``framing`` False, sense ``historical``) rather than silently dropped.
The rules are rows of the packs' CSV files, not code.

Every sentence is written for these tests, imitating Indonesian news scrapes; none is
copied from a dataset (the devcorpus gold's test split in particular is never used).
The tests of non-framing senses failed on the code before issue 21 (seen, as xfail strict);
the "still count" ones passed before and must keep passing (a sense rule must not swallow
a framing use).
"""

from __future__ import annotations

import pytest

from issue21_common import occ

#: the column that names an occurrence's sense (issue 21 item 2)
SENSE = "sense"


def counted(o, label: str) -> int:
    """Framing uses of ``label`` bingkai counts."""
    return int(((o["label"] == label) & o["framing"]).sum())


# --------------------------------------------------------- institutions and laws

@pytest.mark.parametrize("pack", ["syria", "israel_palestine"])
@pytest.mark.parametrize("text", [
    "Kepala Badan Nasional Penanggulangan Terorisme ( BNPT ) menggelar rapat di Jakarta, Senin.",
    "Pemerintah menambah anggaran pencegahan terorisme di sekolah-sekolah.",
    "DPR akhirnya mengesahkan revisi UU Terorisme dalam rapat paripurna.",
    "Terdakwa dijerat Undang-Undang Pemberantasan Tindak Pidana Terorisme.",
    "Polisi memperketat pengamanan setelah rapat koordinasi penanggulangan terorisme.",
])
def test_institution_and_law_names_are_not_framing(pack, text):
    assert counted(occ(text, lexicon=pack), "teroris") == 0


@pytest.mark.parametrize("pack", ["syria", "israel_palestine"])
@pytest.mark.parametrize("text", [
    "Densus 88 menangkap tiga terduga teroris di Bekasi, Sabtu malam.",
    "Kelompok teroris itu menyerang pos polisi dan menewaskan dua orang.",
    "Badan itu mencatat ancaman terorisme meningkat menjelang pemilu.",
])
def test_framing_uses_next_to_institutions_still_count(pack, text):
    assert counted(occ(text, lexicon=pack), "teroris") == 1


@pytest.mark.parametrize("pack", ["syria", "israel_palestine"])
def test_a_hyphenated_anti_word_is_already_not_the_label(pack):
    text = "Kedua negara meneken kerja sama kontra-terorisme di bidang intelijen."
    assert counted(occ(text, lexicon=pack), "teroris") == 0


# ------------------------------------------------------------ acronym collisions

@pytest.mark.parametrize("text, label", [
    ("Penyaluran Kredit Kendaraan Bermotor atau KKB di bank itu naik 5 persen.", "KKB"),
    ("Bunga KKB untuk mobil listrik turun menjadi 3 persen tahun ini.", "KKB"),
    ("Konser itu dimulai pukul 19.00 KST atau 17.00 WIB di Seoul.", "KST"),
    ("Drama itu tayang setiap Sabtu jam 21.00 KST di stasiun televisi Korea.", "KST"),
])
def test_acronym_collisions_are_not_the_armed_group(text, label):
    assert counted(occ(text, lexicon="indonesia"), label) == 0


@pytest.mark.parametrize("text, label", [
    ("KKB menembak seorang pekerja di Kabupaten Puncak, Papua Tengah.", "KKB"),
    ("Aparat gabungan memburu KST yang membakar sekolah di Intan Jaya.", "KST"),
])
def test_the_armed_group_acronyms_still_count(text, label):
    assert counted(occ(text, lexicon="indonesia"), label) == 1


# ------------------------------------------------------------------ historical uses

@pytest.mark.parametrize("pack, text, label", [
    ("israel_palestine", "Gedung itu peninggalan penjajah Belanda dan kini menjadi museum.", "penjajah"),
    ("israel_palestine", "Pada zaman penjajahan, jalan itu dibangun dengan kerja paksa.", "penjajah"),
    ("israel_palestine", "Kakeknya berjuang melawan penjajah Jepang di Surabaya.", "penjajah"),
    ("israel_palestine", "Benteng itu dibangun pada masa pendudukan Jepang di Maluku.", "pendudukan"),
    ("syria", "Rumah itu dibangun di era penjajahan oleh seorang saudagar Portugis.", "penjajah"),
])
def test_historical_uses_are_reported_apart(pack, text, label):
    o = occ(text, lexicon=pack)
    rows = o[o["label"] == label]
    assert len(rows) == 1, o[["label", "variant", "sentence"]].to_dict("records")
    assert not rows["framing"].iloc[0]
    assert rows[SENSE].iloc[0] == "historical"


@pytest.mark.parametrize("pack, text, label", [
    ("israel_palestine", "Warga Gaza menyebut Israel sebagai penjajah yang harus angkat kaki.", "penjajah"),
    ("israel_palestine", "Pasukan pendudukan Israel menggerebek kamp pengungsi Jenin.", "pendudukan"),
])
def test_present_occupiers_still_count(pack, text, label):
    assert counted(occ(text, lexicon=pack), label) == 1


# --------------------------------------------------------------- everyday senses

@pytest.mark.parametrize("text, label", [
    ("Antioksidan dalam tomat melindungi kulit dari radikal bebas.", "radikal"),
    ("Ponsel itu bertahan 14 jam dalam pengujian baterai yang ekstrem.", "ekstremis"),
    ("Hari ini titik balik matahari, siang terpanjang dengan penyinaran ekstrem di utara.", "ekstremis"),
    ("Promo ekstrem akhir pekan: semua sepatu diskon hingga 70 persen.", "ekstremis"),
    ("Pemain muda itu menunjukkan semangat juang yang militan di lapangan.", "militan"),
])
def test_everyday_senses_are_not_counted_by_the_default_pack(text, label):
    assert counted(occ(text, lexicon="syria"), label) == 0


@pytest.mark.parametrize("text, label", [
    ("Para pejuang devisa itu pulang ke kampung halaman menjelang Lebaran.", "pejuang"),
    ("Ia adalah pejuang kanker yang tak pernah menyerah.", "pejuang"),
    ("Pendukung militan klub itu memadati stadion sejak sore.", "militan"),
    ("Tim tamu memberikan perlawanan sengit di babak kedua.", "perlawanan"),
    ("Pelaku ditangkap tanpa perlawanan di rumahnya, Selasa pagi.", "perlawanan"),
])
def test_everyday_senses_the_packs_already_reject(text, label):
    assert counted(occ(text, lexicon="syria"), label) == 0


@pytest.mark.parametrize("text, label", [
    ("Kelompok radikal itu merekrut anak muda lewat media sosial.", "radikal"),
    ("Kelompok ekstremis ISIS mengklaim serangan di Damaskus.", "ekstremis"),
    ("Para pejuang oposisi merebut dua desa di pinggiran Idlib.", "pejuang"),
    ("Militan ISIS menyerang pos pemeriksaan di Deir ez-Zor.", "militan"),
])
def test_political_senses_still_count(text, label):
    assert counted(occ(text, lexicon="syria"), label) == 1


# ------------------------------------------ state forces named as such (needs_actor)

@pytest.mark.parametrize("text", [
    "Pasukan pemerintah merebut kembali kota itu setelah pertempuran sengit dua hari.",
    "Bentrokan antara tentara pemerintah dan pemberontak menewaskan sembilan orang.",
])
def test_government_forces_count_without_a_named_government(text):
    assert counted(occ(text, lexicon="syria"), "pasukan pemerintah") == 1


# ------------------------------------------------- the sense column of a researcher's pack

def _pack(tmp_path, rows: list[str]):
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "labels.csv").write_text(
        "label,variant,frame,applies_to,sense,names_actor\n" + "\n".join(rows) + "\n", encoding="utf-8")
    (folder / "actors.csv").write_text("actor,alias,kind\nisis,ISIS,armed_group\n", encoding="utf-8")
    return folder


def test_a_sense_row_is_reported_apart_with_its_sense(tmp_path):
    import bingkai

    folder = _pack(tmp_path, ["teroris,teroris,terror,armed_group,,",
                              "teroris,penanggulangan terorisme,terror,armed_group,institution,",
                              "teroris,terorisme,terror,armed_group,,"])
    o = occ("Badan Penanggulangan Terorisme memantau jaringan teroris ISIS.", lexicon=bingkai.load_lexicon(folder))
    assert o[["variant", "framing", SENSE]].values.tolist() == [
        ["penanggulangan terorisme", False, "institution"], ["teroris", True, "framing"]]
    assert o["actor"].isna().tolist() == [True, False]


@pytest.mark.parametrize("row, message", [
    ("teroris,UU terorisme,terror,armed_group,legal,", "unknown sense 'legal'"),
    ("teroris,UU terorisme,terror,armed_group,institution,isis", "cannot name an actor"),
])
def test_a_bad_sense_row_is_refused_with_its_row(tmp_path, row, message):
    import bingkai

    folder = _pack(tmp_path, ["teroris,teroris,terror,armed_group,,", row])
    with pytest.raises(bingkai.BingkaiInputError) as err:
        bingkai.load_lexicon(folder)
    assert message in str(err.value) and "row 3" in str(err.value)
