"""Fixed vocabularies of the catalogue, with their labels in the interface language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Life events ("peristiwa hidup"): how citizens think of their need, not how agencies are split.
LIFE_EVENTS = {
    "punya-anak": _l("Punya anak"),
    "dewasa": _l("Menginjak dewasa (17 tahun)"),
    "menikah": _l("Menikah"),
    "pindah-rumah": _l("Pindah rumah"),
    "kematian": _l("Ada keluarga yang meninggal"),
    "buka-usaha": _l("Buka usaha"),
    "kendaraan": _l("Kendaraan"),
    "bangun-rumah": _l("Bangun rumah dan tanah"),
    "kerja": _l("Mencari atau pindah kerja"),
    "kesehatan": _l("Kesehatan dan jaminan sosial"),
    "bepergian": _l("Bepergian ke luar negeri"),
    "pajak": _l("Pajak dan tagihan"),
    "dokumen-hilang": _l("Dokumen hilang atau rusak"),
}
LIFE_EVENT_SLUGS = tuple(LIFE_EVENTS)

AGENCY_KIND_LABELS = {
    "central": _l("Instansi pusat"),
    "regional": _l("Pemerintah daerah"),
    "bumn": _l("BUMN"),
    "bumd": _l("BUMD"),
    "private": _l("Swasta"),
}

REQUIREMENT_FORM_LABELS = {
    "none": "",
    "original": _l("asli"),
    "copy": _l("fotokopi"),
    "original_and_copy": _l("asli dan fotokopi"),
    "digital": _l("digital"),
}

WEEKDAYS = {
    1: _l("Senin"), 2: _l("Selasa"), 3: _l("Rabu"), 4: _l("Kamis"), 5: _l("Jumat"),
    6: _l("Sabtu"), 7: _l("Minggu"),
}

STAFF_ROLE_LABELS = {
    "admin": _l("pengelola MPP"),
    "officer": _l("petugas gerai"),
    "assistant": _l("petugas pendamping"),
    "village": _l("kantor desa/kelurahan"),
}

PRIORITY_LABELS = {
    "lansia": _l("Lanjut usia (60 tahun ke atas)"),
    "disabilitas": _l("Penyandang disabilitas"),
    "hamil": _l("Ibu hamil"),
    "anak": _l("Anak-anak"),
}

TICKET_STATUS_LABELS = {
    "waiting": _l("Menunggu"),
    "called": _l("Dipanggil"),
    "serving": _l("Sedang dilayani"),
    "done": _l("Selesai"),
    "no_show": _l("Tidak hadir"),
    "cancelled": _l("Dibatalkan"),
}
