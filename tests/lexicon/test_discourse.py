"""Issue 21 item 3 (validity follow-up): "pemerintah", "rezim" and "aparat"
framing uses whose government is named by structure rather than in the same
phrase or sentence.

* A genitive country: "pemerintah Qatar", "rezim Korut" name a government
  by its country (a ``place`` actor) although the pack has no actor for that
  government: a framing use, with no target (places are never targets).
* The discourse antecedent: a bare "rezim"/"pemerintah" whose sentence names
  no government takes the government named in the previous sentences of the
  same part ("Pasukan pemerintah Suriah menyerang ... . Serangan itu ...
  pangkalan rezim"), only when that is one actor.

Every sentence here is written for these tests, imitating Indonesian news
scrapes; none is copied from a dataset.
"""

from __future__ import annotations

import pytest

from issue21_common import actor_of, occ, one

ALL = ("indonesia", "israel_palestine", "syria")


@pytest.mark.parametrize("text, label", [
    ("Belum ada tanggapan dari pemerintah Qatar soal larangan terbang itu.", "pemerintah"),
    ("Pembalap itu menerima hadiah dari Pemerintah Singapura pada Jumat malam.", "pemerintah"),
    ("Washington menuding rezim Korut berada di balik peretasan bank tersebut.", "rezim"),
])
def test_genitive_country_is_a_framing_use_without_a_target(text, label):
    o = occ(text, lexicon=ALL)
    row = one(o, label)
    assert bool(row["framing"])
    assert actor_of(row) is None


@pytest.mark.parametrize("text, label, actor", [
    ("Jet tempur pemerintah Suriah menggempur Idlib pada Senin. "
     "Kelompok pemberontak lalu menyerbu sebuah pos rezim di selatan kota itu.", "rezim", "syrian_government"),
    ("Teheran menahan ribuan pengunjuk rasa sejak akhir Desember. "
     "Keluarga tahanan menyebut siksaan di penjara rezim itu kejam.", "rezim", "iran"),
])
def test_bare_label_takes_the_government_of_the_previous_sentences(text, label, actor):
    row = one(occ(text, lexicon=ALL), label)
    assert bool(row["framing"])
    assert actor_of(row) == actor


def test_ambiguous_antecedent_is_left_unattributed():
    # two governments in the previous sentence: no single antecedent
    text = ("Turki dan pemerintah Suriah saling tuding atas serangan di perbatasan. "
            "Warga menyebut pos rezim dibakar semalam.")
    row = one(occ(text, lexicon=ALL), "rezim")
    assert actor_of(row) is None
    assert not bool(row["framing"])


def test_antecedent_is_not_taken_from_far_back():
    # four sentences later the government is no longer the topic: unattributed as before
    text = ("Jet tempur pemerintah Suriah menggempur Idlib pada Senin. Hujan turun sepanjang hari. "
            "Jalan utama tergenang. Sekolah diliburkan. Warga menyebut pos rezim dibakar semalam.")
    row = one(occ(text, lexicon=ALL), "rezim")
    assert actor_of(row) is None


def test_antecedent_is_not_taken_from_another_part():
    # the title is another part: a body's counts do not depend on whether the title is read
    o = occ("Warga menyebut pos rezim dibakar semalam.", lexicon="syria",
            titles=("Jet tempur pemerintah Suriah menggempur Idlib",))
    row = one(o[o["part"] == "body"], "rezim")
    assert actor_of(row) is None


def test_a_supporter_is_not_the_antecedent():
    # Russia backs the offensive: the regime of the next sentence is still Syria's
    text = ("Pasukan pemerintah Suriah yang didukung Rusia merebut delapan desa. "
            "Juru bicara pemberontak menyebut serangan rezim itu yang terbesar tahun ini.")
    assert actor_of(one(occ(text, lexicon=ALL), "rezim")) == "syrian_government"


def test_an_earlier_label_is_an_antecedent():
    # "rezim tersebut" refers back to the regime named before, not to the US asked to act
    text = ("Pemerintah AS mengecam rezim Iran atas penangkapan itu. "
            "Ribuan orang ditahan di penjara rezim tersebut.")
    o = occ(text, lexicon=ALL)
    assert actor_of(one(o, "rezim", 1)) == "iran"


@pytest.mark.parametrize("text, label, actor", [
    ("Peraih medali emas itu dijanjikan bonus Rp 1 miliar oleh pemerintah. Ia akan menerimanya pekan depan.",
     "pemerintah", "indonesian_government"),
    ("Pengamat menilai rezim saat ini terlalu cepat menetapkan pengkritik sebagai tersangka.",
     "rezim", "indonesian_government"),
    ("Puluhan aparat keamanan berjaga di depan gedung KPU Jakarta sejak pagi.", "aparat", "polri"),
])
def test_bare_label_in_a_part_about_indonesia_names_the_home_actor(text, label, actor):
    row = one(occ(text, lexicon=ALL), label)
    assert bool(row["framing"])
    assert actor_of(row) == actor


def test_no_home_actor_where_a_foreign_country_is_named():
    # a Canadian story: 'pemerintah' here is not Indonesia's government
    text = ("Pengadilan di Kanada memutuskan ganti rugi bagi bekas tahanan itu. Seorang pejabat "
            "yang tak mau disebut namanya mengatakan pembayaran disetujui. Pemerintah menolak berkomentar.")
    row = one(occ(text, lexicon=ALL), "pemerintah")
    assert actor_of(row) is None


def test_no_home_actor_in_a_pack_without_it():
    # the syria pack has no Indonesian government: its 'rezim' stays unattributed
    row = one(occ("Pengamat menilai rezim saat ini terlalu represif.", lexicon="syria"), "rezim")
    assert actor_of(row) is None


def test_houthi_spelled_huthi_is_the_houthi():
    # 'Huthi' is a common Indonesian wire spelling of the Houthis
    text = "Kota pelabuhan itu direbut pemberontak Huthi pada akhir pekan lalu."
    assert actor_of(one(occ(text, lexicon=ALL), "pemberontak")) == "houthi"


def test_no_home_actor_where_the_pack_does_not_know_the_country():
    # the indonesia pack alone has no Syrian actor: the country's name still makes the part foreign
    text = "Pesawat tempur menghantam Idlib di Suriah pada Senin. Warga menyebut pos rezim dibakar semalam."
    row = one(occ(text, lexicon="indonesia"), "rezim")
    assert actor_of(row) is None


@pytest.mark.parametrize("text", [
    "Pemerintah Suriah melancarkan operasi besar di Sweida. "
    "Serangan rezim yang didukung oleh kekuatan udara Rusia menghancurkan delapan desa.",
    "Pemerintah Suriah melancarkan operasi besar di Sweida. "
    "Serangan rezim yang didukung jet tempur Rusia menghancurkan delapan desa.",
])
def test_a_supporter_behind_a_force_noun_is_not_the_target(text):
    # Russia backs the regime (through its air force): it is not the regime
    assert actor_of(one(occ(text, lexicon=ALL), "rezim")) == "syrian_government"


def test_a_speaker_is_not_the_antecedent():
    # Putin only speaks in the previous sentence; the fuel price is not his government's here
    text = "“Para teroris itu kalah,” kata Putin. Pemerintah menaikkan harga BBM."
    assert actor_of(one(occ(text, lexicon=ALL), "pemerintah")) != "russia"
