"""The one-line fee (top of the service page, result lists) never hides what the fee note adds:
a lost passport costs the passport fee plus a Rp1.000.000 surcharge."""
from __future__ import annotations

import pytest

from mpp_lite.formatting import fee_headline

PASSPORT_NOTE = ("Tarif paspor (mulai Rp350.000) ditambah biaya beban: paspor hilang Rp1.000.000, "
                 "paspor rusak Rp500.000. Biaya beban dapat dibebaskan bila karena bencana.")


def test_a_surcharge_in_the_note_is_part_of_the_headline():
    headline = fee_headline(False, 350_000, PASSPORT_NOTE)
    assert headline.from_amount and headline.surcharge
    assert headline.surcharge_example == 1_000_000


@pytest.mark.parametrize("amount, note, from_amount, surcharge", [
    (30_000, "Rp30.000 per SKCK, dibayar nontunai di gerai.", False, False),
    (30_000, "", False, False),
    (350_000, "Paspor biasa Rp350.000; e-paspor Rp650.000.", True, False),
    (100_000, "PNBP Rp100.000, ditambah PKB sesuai tagihan.", False, True),
    (30_000, "Terlambat dikenai denda Rp100.000.", True, True),
])
def test_other_amounts_make_a_minimum_and_surcharge_words_an_extra(amount, note, from_amount,
                                                                   surcharge):
    headline = fee_headline(False, amount, note)
    assert (headline.from_amount, headline.surcharge) == (from_amount, surcharge)


def test_step_costs_above_the_fee_make_it_a_minimum():
    assert fee_headline(False, 50_000, "", ("Rp50.000", "Rp250.000")).from_amount
    assert not fee_headline(False, 50_000, "", ("Rp50.000", "Gratis")).from_amount


def test_free_stays_free():
    headline = fee_headline(True, None, "Gratis bila di KUA; Rp600.000 di luar kantor.")
    assert headline.free and not headline.from_amount


def test_lost_passport_page_and_results_show_the_surcharge(demo_client):
    page = demo_client.get("/maros/layanan/paspor-hilang-rusak").get_data(as_text=True)
    assert "<strong>mulai Rp350.000 + biaya tambahan, mis. Rp1.000.000</strong>" in page
    results = demo_client.get("/maros/cari", query_string={"q": "paspor hilang"})
    assert "mulai Rp350.000 + biaya tambahan, mis. Rp1.000.000" in results.get_data(as_text=True)
    skck = demo_client.get("/maros/layanan/skck-baru").get_data(as_text=True)
    assert "<strong>Rp30.000</strong>" in skck
