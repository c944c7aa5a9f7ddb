"""Requirements and steps that many services share."""
from __future__ import annotations

from typing import Any

from .builders import Text, req, step
from .context import SiteContext


def queue_step(c: SiteContext, prefix: str, *, online: bool = True) -> dict[str, Any]:
    mpp_id, mpp_en = c.mpp_name
    if online:
        detail = (f"Ambil tiket antrean {prefix} di anjungan, atau pesan lebih dulu lewat antrean "
                  f"daring {mpp_id}. Lansia, ibu hamil, dan penyandang disabilitas dilayani "
                  "lewat jalur prioritas.",
                  f"Take a {prefix} ticket at the kiosk, or book ahead through the {mpp_en} "
                  "online queue. Older people, pregnant women and people with disabilities are "
                  "served through the priority lane.")
    else:
        detail = (f"Ambil tiket antrean {prefix} di anjungan. Tanyakan ke petugas informasi bila "
                  "ragu layanan mana yang Anda perlukan.",
                  f"Take a {prefix} ticket at the kiosk. Ask the information officer if you are "
                  "not sure which service you need.")
    return step(("Ambil nomor antrean", "Take a queue number"), detail=detail,
                location="Anjungan antrean, lobi Lantai 1", actor="Pemohon",
                duration="±5 menit", cost="Gratis")


def ktp(form: str = "original", *, whose: Text | None = None, **kwargs: Any) -> dict[str, Any]:
    text = whose or ("KTP-el pemohon", "Applicant's electronic ID card (KTP-el)")
    kwargs.setdefault("source", "Disdukcapil, atau gerai Disdukcapil di MPP")
    return req(text, form=form, **kwargs)


def kk(form: str = "original", **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("source", "Disdukcapil, atau gerai Disdukcapil di MPP")
    return req(("Kartu Keluarga (KK)", "Family card (Kartu Keluarga, KK)"), form=form, **kwargs)


def proxy_letter(condition: Text | None = None) -> dict[str, Any]:
    return req(("Surat kuasa bermeterai Rp10.000 dan KTP-el penerima kuasa",
                "Authorisation letter with a Rp10,000 duty stamp, plus the representative's "
                "KTP-el"),
               form="original",
               condition=condition or ("diurus oleh orang lain",
                                       "someone else handles it for you"),
               optional=True, source="Kantor pos atau toko alat tulis")


def in_person(detail: Text | None = None) -> dict[str, Any]:
    return req(("Pemohon datang sendiri", "The applicant must come in person"), detail=detail)


def phone_number(detail: Text | None = None) -> dict[str, Any]:
    return req(("Nomor ponsel aktif", "An active mobile phone number"),
               detail=detail or ("Untuk kabar bila dokumen sudah jadi.",
                                 "So you can be told when the document is ready."),
               optional=True)
