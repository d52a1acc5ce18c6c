"""Issue 21 item 3: direction and place.

Indonesian argument structure decides whom an act label names: in "agresi/
serangan/pendudukan X terhadap/atas/ke Y" the label names X (the agent) and
never Y (the patient); "X melakukan agresi"; "perlawanan X"; "agresinya" (a
possessive) names its possessor. Actors hidden in glued tokens
("Israelterhadap", "rezimzionis") and in hyphenated pairs ("Israel-Iran",
"Iran–Israel", "AS-Israel") are seen, while reduplication ("anak-anak") stays
one word. "KKB" about an armed gang in Aceh, or with nothing Papuan about it, is
not the Papuan TPNPB-OPM.

Each rule was seen failing on the code before issue 21; the guard tests (which passed
before) keep the general rules from breaking what already worked.
"""

from __future__ import annotations

import pytest

import bingkai
from issue21_common import KWIC_CQL, actor_of, frame, occ, one

IP = "israel_palestine"


# ------------------------------------------------------------- direction

@pytest.mark.parametrize("text, label, agent", [
    ("Menurut analis, agresi Israel terhadap Iran menewaskan ratusan orang.", "agresi", "israel"),
    ("Iran menuduh Israel melakukan agresi.", "agresi", "israel"),
    ("Warga Gaza memuji perlawanan Hamas terhadap Israel.", "perlawanan", "hamas"),
    ("Laporan PBB menyoroti pendudukan Israel atas Tepi Barat sejak 1967.", "pendudukan", "israel"),
])
def test_agent_after_the_label_already_wins(text, label, agent):
    assert actor_of(one(occ(text, lexicon=IP), label)) == agent


@pytest.mark.parametrize("text, label, agent", [
    # X melakukan/melancarkan/melanjutkan <act> terhadap Y: X is the agent
    ("Israel melakukan agresi terhadap Iran sejak pekan lalu.", "agresi", "israel"),
    ("Milisi Houthi melanjutkan perlawanan terhadap Israel di Laut Merah.", "perlawanan", "houthi"),
    # serangan X ke Y ... agresi: the act's patient is not the aggressor
    ("Pengamat menilai serangan Israel ke Iran merupakan agresi terbuka.", "agresi", "israel"),
    # a passive agent after the patient: <act> terhadap Y oleh X
    ("Dunia mengecam agresi terhadap Iran oleh Israel.", "agresi", "israel"),
    ("Dunia menolak pendudukan atas wilayah Iran oleh Israel.", "pendudukan", "israel"),
    # a possessive: the act is its possessor's, the subject of the clause
    ("Israel meningkatkan agresinya terhadap Iran sejak Jumat.", "agresi", "israel"),
])
def test_act_label_names_its_agent(text, label, agent):
    assert actor_of(one(occ(text, lexicon=IP), label)) == agent


@pytest.mark.parametrize("text, label, patient", [
    ("Israel dikecam karena agresi ke Iran.", "agresi", "iran"),
    ("Negara-negara Arab mengecam agresi terhadap Teheran.", "agresi", "iran"),
    ("Kelompok itu menolak pendudukan atas Gaza dan Iran.", "pendudukan", "iran"),
])
def test_patient_of_an_act_label_is_never_its_target(text, label, patient):
    assert actor_of(one(occ(text, lexicon=IP), label)) != patient


# ------------------------------------------------------------- glued tokens

def test_actor_glued_to_a_preposition_is_the_agent():
    # the issue's own scrape: "agresi Israelterhadap wilayah Iran"
    o = occ("Dunia mengecam agresi Israelterhadap wilayah Iran pada Jumat malam.", lexicon=IP)
    assert actor_of(one(o, "agresi")) == "israel"


def test_glued_lower_case_variant_is_matched():
    o = occ("TEHERAN - Media pemerintah menyebut rezimzionis kembali membombardir Gaza pada Senin.", lexicon=IP)
    assert actor_of(one(o, "Zionis")) == "israel"


# ------------------------------------------------------------- hyphenated pairs

PAIRS = ("TEHERAN - Ketegangan Israel-Iran kembali memuncak. Dalam sidang itu, konflik Iran–Israel "
         "dan aliansi AS-Israel disorot. Israel belum menanggapi. Anak-anak di Teheran diliburkan.")


def test_kwic_finds_israel_inside_hyphenated_pairs():
    corpus = bingkai.index(frame(PAIRS, prefix="pair"), lexicon=IP, progress=False)
    lines = bingkai.kwic(corpus, "israel")
    assert len(lines) == 4
    assert set(lines["match"]) == {"Israel"}


def test_both_halves_of_a_pair_are_actor_mentions():
    corpus = bingkai.index(frame(PAIRS, prefix="pairm"), lexicon=IP, progress=False)
    # TEHERAN (the dateline), Israel-Iran, Iran–Israel, Teheran
    assert len(bingkai.kwic(corpus, '[actor="iran"]', **KWIC_CQL)) == 4
    assert len(bingkai.kwic(corpus, '[actor="usa"]', **KWIC_CQL)) == 1    # AS-Israel
    assert len(bingkai.kwic(corpus, '[actor="israel"]', **KWIC_CQL)) == 4


def test_attribution_sees_a_pair():
    o = occ("Media Iran menyebut kapal perang AS-Israel sebagai pasukan pendudukan.", lexicon=IP)
    assert actor_of(one(o, "pendudukan")) in ("usa", "israel")


def test_reduplication_and_prefixes_stay_one_word():
    # the general rule that splits name pairs must keep these whole
    words = bingkai.tokenize("Anak-anak, kelompok-kelompok bersenjata, kocar-kacir, besar-besaran, "
                             "anti-Assad, pro-Rusia, al-Assad, Al-Qaeda, F-16, Abu-Abu")
    for w in ("Anak-anak", "kelompok-kelompok", "kocar-kacir", "besar-besaran", "anti-Assad", "pro-Rusia",
              "al-Assad", "F-16", "Abu-Abu"):
        assert w in words, (w, words)
    corpus = bingkai.index(frame(PAIRS, prefix="redup"), lexicon=IP, progress=False)
    assert len(bingkai.kwic(corpus, "anak-anak")) == 1


# ------------------------------------------------------------- regional actors

ID = "indonesia"


@pytest.mark.parametrize("text, title", [
    ("KKB kembali menembak dua guru di Distrik Beoga, Kabupaten Puncak.", ""),
    ("Aparat gabungan mengejar KKB yang membakar sekolah.", "Sekolah Dibakar di Intan Jaya, Papua Tengah"),
    ("JAYAPURA - KKB menyerang pos TNI. Serangan terjadi di Yahukimo, Papua Pegunungan.", ""),
])
def test_kkb_in_papua_is_tpnpb_opm(text, title):
    assert actor_of(one(occ(text, lexicon=ID, titles=(title,)), "KKB")) == "tpnpb_opm"


@pytest.mark.parametrize("text, title", [
    ("IDI - Polisi memburu KKB yang merampok toko emas di Peureulak, Aceh Timur, Kamis malam.", ""),
    ("Kelompok kriminal bersenjata (KKB) menembak seorang kepala desa di Aceh Utara.", ""),
    ("Anggota KKB itu ditangkap saat bersembunyi di rumah kontrakan.", "Buronan Perampokan Bank Ditangkap"),
])
def test_kkb_outside_papua_is_not_tpnpb_opm(text, title):
    o = occ(text, lexicon=ID, titles=(title,))
    assert len(o[o["label"] == "KKB"]) >= 1
    assert (o.loc[o["label"] == "KKB", "actor"] != "tpnpb_opm").all()
