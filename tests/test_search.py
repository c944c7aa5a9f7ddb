"""Search over the service catalogue: stemming, synonyms, typos and ranking.

The corpus below is modelled on a real MPP catalogue (Ngawi-like: civil registry, police,
immigration, Samsat, licensing, BPJS, utilities, bank, land office, taxes).
"""
from __future__ import annotations

import pytest

from mpp_lite.catalog.search import (
    SYNONYMS,
    WORD_ALIASES,
    SearchDoc,
    SearchHit,
    SearchIndex,
    normalize_query,
    stem,
)

DUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil Disdukcapil"
POLRES = "Kepolisian Resor Ngawi Polres"
SATLANTAS = "Satuan Lalu Lintas Polres Ngawi Satlantas"
IMIGRASI = "Kantor Imigrasi Kelas I Non TPI Madiun Imigrasi"
SAMSAT = "Samsat Bapenda Provinsi Jawa Timur, Satlantas Polres dan Jasa Raharja"
DPMPTSP = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu DPMPTSP"
DINKES = "Dinas Kesehatan Dinkes"
BPN = "Kantor Pertanahan Kabupaten Ngawi ATR/BPN"
BAPENDA = "Badan Pendapatan Daerah Kabupaten Ngawi Bapenda"

CORPUS = [
    SearchDoc(
        "ktp-el-baru", "KTP-el baru (usia 17 tahun atau sudah menikah)",
        ("ktp baru", "bikin ktp", "rekam ktp", "e-ktp"), DUKCAPIL,
        "Perekaman dan pencetakan KTP elektronik pertama kali bagi penduduk yang berusia 17 "
        "tahun atau sudah menikah.",
        "KTP-el Kartu Keluarga (KK) Menginjak dewasa (17 tahun) Menikah"),
    SearchDoc(
        "ktp-el-hilang", "KTP-el hilang", ("cetak ulang ktp", "ktp ilang"), DUKCAPIL,
        "Penerbitan ulang KTP elektronik karena hilang.",
        "KTP-el Surat keterangan kehilangan dari kepolisian; Kartu Keluarga (KK); "
        "Dokumen hilang atau rusak"),
    SearchDoc(
        "ktp-el-rusak", "KTP-el rusak atau ganti data", ("ktp rusak", "ktp patah", "ganti ktp"),
        DUKCAPIL, "Penggantian KTP elektronik yang rusak atau datanya berubah.",
        "KTP-el KTP-el yang rusak; Kartu Keluarga (KK); Dokumen hilang atau rusak"),
    SearchDoc(
        "kk-baru", "Kartu Keluarga baru", ("kk baru", "pecah kk", "bikin kk"), DUKCAPIL,
        "Penerbitan KK untuk keluarga baru, misalnya setelah menikah atau pisah KK.",
        "Kartu Keluarga Buku nikah atau akta perkawinan; Surat pengantar RT/RW; Menikah"),
    SearchDoc(
        "kk-perubahan", "Perubahan Kartu Keluarga (tambah atau kurang anggota keluarga)",
        ("masukkan anak ke kk", "update kk", "ubah kk"), DUKCAPIL,
        "Perubahan data KK karena kelahiran, kematian, atau perpindahan anggota keluarga.",
        "Kartu Keluarga KK lama; Akta kelahiran anak; Punya anak"),
    SearchDoc(
        "akta-kelahiran", "Akta Kelahiran", ("akta anak", "akta lahir"), DUKCAPIL,
        "Pencatatan kelahiran dan penerbitan akta kelahiran anak.",
        "Akta Kelahiran Formulir F-2.01; Surat keterangan lahir dari rumah sakit, bidan atau "
        "kepala desa; Buku nikah orang tua; Kartu Keluarga (KK); SPTJM dengan 2 saksi; "
        "Punya anak"),
    SearchDoc(
        "akta-kematian", "Akta Kematian", ("surat kematian", "lapor meninggal"), DUKCAPIL,
        "Pencatatan kematian penduduk dan penerbitan akta kematian.",
        "Akta Kematian Surat keterangan kematian dari rumah sakit atau desa; KTP-el dan KK "
        "almarhum; Ada keluarga yang meninggal"),
    SearchDoc(
        "akta-perkawinan", "Akta Perkawinan (non-muslim)", ("catat nikah",), DUKCAPIL,
        "Pencatatan perkawinan bagi penduduk non-muslim yang telah menikah menurut agamanya.",
        "Akta Perkawinan Surat perkawinan dari pemuka agama; KTP-el kedua mempelai; "
        "Pas foto berdampingan; Menikah"),
    SearchDoc(
        "pindah-keluar", "Surat Keterangan Pindah (pindah keluar daerah)",
        ("skpwni", "pindah domisili"), DUKCAPIL,
        "Penerbitan SKPWNI bagi penduduk yang pindah ke luar kabupaten.",
        "SKPWNI KK; KTP-el; Pindah rumah"),
    SearchDoc(
        "pindah-datang", "Pindah datang (pendatang)", ("pindah masuk",), DUKCAPIL,
        "Pendaftaran penduduk yang pindah datang ke Kabupaten Ngawi dengan SKPWNI dari daerah "
        "asal.",
        "KK dan KTP-el baru SKPWNI dari daerah asal; Pindah rumah"),
    SearchDoc(
        "kia", "Kartu Identitas Anak (KIA)", ("kartu anak", "ktp anak"), DUKCAPIL,
        "Kartu identitas bagi anak di bawah 17 tahun.",
        "KIA Akta kelahiran anak; KK; Pas foto anak; Punya anak"),
    SearchDoc(
        "legalisir", "Legalisir dokumen kependudukan", ("legalisir kk", "legalisir akta"),
        DUKCAPIL, "Legalisasi fotokopi KK, akta kelahiran dan akta kematian.",
        "Dokumen asli; fotokopi dokumen"),
    SearchDoc(
        "skck-baru", "SKCK baru", ("surat kelakuan baik", "skck melamar kerja"), POLRES,
        "Penerbitan Surat Keterangan Catatan Kepolisian untuk melamar kerja atau sekolah.",
        "SKCK Fotokopi KTP-el; Fotokopi KK; Fotokopi akta kelahiran; Kartu sidik jari; "
        "Pas foto 4x6 latar merah 6 lembar; Mencari atau pindah kerja"),
    SearchDoc(
        "skck-perpanjangan", "Perpanjangan SKCK", ("skck mati", "skck habis"), POLRES,
        "Perpanjangan SKCK yang sudah habis masa berlakunya (berlaku 6 bulan).",
        "SKCK SKCK lama; Fotokopi KTP-el; Pas foto 4x6"),
    SearchDoc(
        "paspor-baru", "Paspor baru", ("paspor biasa", "e-paspor", "m-paspor"), IMIGRASI,
        "Permohonan paspor biasa atau elektronik untuk pertama kali.",
        "Paspor KTP-el; KK; Akta kelahiran, ijazah atau buku nikah; Bepergian ke luar negeri"),
    SearchDoc(
        "paspor-hilang",
        "Penggantian paspor hilang atau rusak Replacing a lost or damaged passport",
        ("ganti paspor",), IMIGRASI,
        "Penggantian paspor karena hilang atau rusak, disertai pemeriksaan (BAP).",
        "Paspor Surat keterangan hilang dari kepolisian; KTP-el; KK; Paspor yang rusak; "
        "Dokumen hilang atau rusak"),
    SearchDoc(
        "paspor-habis", "Penggantian paspor habis masa berlaku", ("paspor expired",), IMIGRASI,
        "Penggantian paspor yang masa berlakunya sudah atau hampir habis.",
        "Paspor Paspor lama; KTP-el; Bepergian ke luar negeri"),
    SearchDoc(
        "pkb-tahunan", "Pajak Kendaraan Bermotor (PKB) tahunan",
        ("pengesahan stnk tahunan", "bayar pajak mobil"), SAMSAT,
        "Pembayaran pajak kendaraan bermotor dan SWDKLLJ tahunan serta pengesahan STNK.",
        "STNK KTP-el pemilik; STNK asli; Kendaraan; Pajak dan tagihan"),
    SearchDoc(
        "stnk-5-tahunan", "Perpanjangan STNK 5 tahunan (ganti plat nomor)", ("tnkb baru",),
        SAMSAT,
        "Penggantian STNK dan TNKB setiap lima tahun, termasuk cek fisik kendaraan.",
        "STNK dan TNKB KTP-el; STNK; BPKB asli; Cek fisik kendaraan; Kendaraan"),
    SearchDoc(
        "bbnkb", "Balik nama kendaraan bermotor (BBNKB)", ("mutasi kendaraan", "beli motor bekas"),
        SAMSAT, "Balik nama kepemilikan kendaraan dari pemilik lama ke pemilik baru.",
        "STNK dan BPKB atas nama baru BPKB; STNK; Kuitansi jual beli; KTP-el pemilik baru; "
        "Kendaraan"),
    SearchDoc(
        "sim-perpanjangan", "Perpanjangan SIM A dan SIM C", ("sim keliling", "sim habis"),
        SATLANTAS, "Perpanjangan Surat Izin Mengemudi sebelum masa berlakunya habis.",
        "SIM SIM lama; KTP-el; Surat keterangan sehat; Tes psikologi; Kendaraan"),
    SearchDoc(
        "nib-oss", "Nomor Induk Berusaha (NIB) melalui OSS", ("oss rba", "nib umkm"), DPMPTSP,
        "Pendampingan pendaftaran NIB untuk usaha mikro dan kecil melalui OSS RBA.",
        "NIB NIK; NPWP; Email dan nomor HP aktif; Buka usaha"),
    SearchDoc(
        "pbg", "Persetujuan Bangunan Gedung (PBG)", ("simbg",), DPMPTSP,
        "Persetujuan untuk membangun baru, mengubah, memperluas atau merawat bangunan gedung "
        "melalui SIMBG.",
        "PBG Gambar rencana teknis; Sertifikat tanah; KTP-el; Bangun rumah dan tanah"),
    SearchDoc(
        "reklame", "Izin Reklame", ("pasang baliho", "spanduk"), DPMPTSP,
        "Izin pemasangan reklame, baliho dan papan nama usaha.",
        "Izin KTP-el; Desain reklame; Foto lokasi; Buka usaha"),
    SearchDoc(
        "sip-bidan", "Surat Izin Praktik (SIP) Bidan", ("izin praktek bidan",), DPMPTSP,
        "Izin praktik mandiri bagi bidan.",
        "SIP STR bidan; Rekomendasi IBI; Surat keterangan sehat; Mencari atau pindah kerja"),
    SearchDoc(
        "sip-perawat", "Surat Izin Praktik Perawat (SIPP)", ("izin praktik perawat",), DPMPTSP,
        "Izin praktik mandiri bagi perawat.",
        "SIPP STR perawat; Rekomendasi PPNI; Surat keterangan sehat"),
    SearchDoc(
        "pirt", "Sertifikat Produksi Pangan Industri Rumah Tangga (SPP-IRT)",
        ("izin makanan rumahan", "izin pirt"), DINKES,
        "Sertifikat untuk usaha makanan dan minuman rumahan.",
        "SPP-IRT KTP-el; NIB; Label kemasan; Buka usaha"),
    SearchDoc(
        "halal", "Pendampingan sertifikasi halal gratis (SEHATI)", ("label halal",),
        "Kementerian Agama Kemenag",
        "Pendampingan sertifikasi halal pelaku usaha mikro dan kecil.",
        "Sertifikat halal NIB; KTP-el; Buka usaha"),
    SearchDoc(
        "nikah-kua", "Pendaftaran nikah di KUA", ("kehendak nikah", "n1 n2 n4"),
        "Kantor Urusan Agama KUA Kementerian Agama",
        "Pendaftaran kehendak nikah paling lambat 10 hari kerja sebelum akad.",
        "Buku nikah Surat pengantar nikah dari desa (N1, N2, N4); KTP-el; KK; Akta kelahiran; "
        "Menikah"),
    SearchDoc(
        "bpjs-kes-daftar", "Pendaftaran peserta BPJS Kesehatan (JKN)", ("bpjs mandiri",),
        "BPJS Kesehatan", "Pendaftaran peserta JKN mandiri dan perubahan data peserta.",
        "Kartu JKN KTP-el; KK; Buku tabungan; Kesehatan dan jaminan sosial"),
    SearchDoc(
        "bpjs-faskes", "Pindah faskes BPJS Kesehatan", ("ganti puskesmas",), "BPJS Kesehatan",
        "Perubahan fasilitas kesehatan tingkat pertama (FKTP) peserta JKN.",
        "Kartu JKN KTP-el; Kartu JKN; Kesehatan dan jaminan sosial"),
    SearchDoc(
        "bpjs-tk-jht", "Klaim Jaminan Hari Tua (JHT) BPJS Ketenagakerjaan",
        ("cairkan jht", "bpjamsostek"), "BPJS Ketenagakerjaan",
        "Pencairan saldo JHT bagi peserta yang berhenti bekerja.",
        "Saldo JHT Kartu peserta; KTP-el; Surat keterangan berhenti kerja (paklaring); "
        "Buku tabungan; Mencari atau pindah kerja"),
    SearchDoc(
        "kartu-kuning", "Kartu pencari kerja (kartu kuning / AK-1)", ("ak1",),
        "Dinas Tenaga Kerja Disnaker",
        "Pembuatan kartu tanda pencari kerja untuk melamar pekerjaan.",
        "Kartu AK-1 KTP-el; Ijazah terakhir; Pas foto; Mencari atau pindah kerja"),
    SearchDoc(
        "pdam-pasang", "Pasang baru sambungan air PDAM", ("langganan air",),
        "Perumda Air Minum Tirta Ngawi",
        "Permohonan sambungan air minum baru untuk rumah atau usaha.",
        "Sambungan air KTP-el; Denah lokasi; Bangun rumah dan tanah"),
    SearchDoc(
        "pln-pasang", "Pasang baru listrik PLN", ("sambung listrik baru", "meteran listrik"),
        "PT PLN (Persero) UP3 Madiun", "Permohonan sambungan listrik baru rumah tangga atau usaha.",
        "Sambungan listrik KTP-el; Denah lokasi; Bangun rumah dan tanah"),
    SearchDoc(
        "pln-tambah-daya", "Tambah daya listrik PLN", ("naik daya", "ubah daya"),
        "PT PLN (Persero) UP3 Madiun", "Penambahan daya listrik untuk pelanggan PLN.",
        "KTP-el; Nomor ID pelanggan"),
    SearchDoc(
        "pos", "Layanan pos dan pengiriman paket", ("kirim paket", "wesel"), "PT Pos Indonesia",
        "Pengiriman surat dan paket, wesel, serta pembayaran tagihan.",
        "Resi pengiriman Paket yang sudah dikemas"),
    SearchDoc(
        "bank-rekening", "Pembukaan rekening tabungan", ("buka tabungan", "simpanan pelajar"),
        "Bank Jatim",
        "Pembukaan rekening tabungan perorangan, termasuk TabunganKu dan Simpel untuk pelajar.",
        "Buku tabungan dan kartu ATM KTP-el; NPWP jika ada; Setoran awal"),
    SearchDoc(
        "jasa-raharja", "Klaim santunan kecelakaan lalu lintas", ("santunan jasa raharja",),
        "PT Jasa Raharja", "Pengajuan santunan bagi korban kecelakaan lalu lintas jalan.",
        "Laporan polisi; KTP-el korban; Kuitansi rumah sakit"),
    SearchDoc(
        "bpn-cek", "Pengecekan sertifikat tanah", ("cek sertipikat",), BPN,
        "Pengecekan keabsahan sertipikat hak atas tanah pada buku tanah.",
        "Sertipikat asli; KTP-el; Surat kuasa; Bangun rumah dan tanah"),
    SearchDoc(
        "bpn-balik-nama", "Peralihan hak (balik nama) sertipikat tanah",
        ("jual beli tanah", "waris tanah"), BPN,
        "Pendaftaran peralihan hak atas tanah karena jual beli, hibah atau waris.",
        "Sertipikat asli; Akta PPAT; Bukti bayar BPHTB dan PPh; KTP-el"),
    SearchDoc(
        "bpn-ukur", "Pengukuran dan pemetaan bidang tanah", ("ukur ulang", "pecah bidang"), BPN,
        "Pengukuran ulang, pemecahan atau penggabungan bidang tanah.",
        "Sertipikat asli; KTP-el; Patok batas terpasang; Bangun rumah dan tanah"),
    SearchDoc(
        "pbb-bayar", "Pembayaran PBB-P2", ("pajak bumi dan bangunan", "bayar pajak tanah"),
        BAPENDA, "Pembayaran Pajak Bumi dan Bangunan Perdesaan dan Perkotaan tahun berjalan.",
        "SPPT PBB; Pajak dan tagihan"),
    SearchDoc(
        "pbb-mutasi", "Mutasi SPPT PBB-P2 (balik nama SPPT)", ("ganti nama sppt", "pecah sppt"),
        BAPENDA, "Perubahan nama wajib pajak atau pemecahan objek pajak pada SPPT PBB-P2.",
        "SPPT baru Sertipikat atau akta jual beli; SPPT lama; KTP-el; Pajak dan tagihan"),
    SearchDoc(
        "bphtb", "Pelayanan BPHTB (Bea Perolehan Hak atas Tanah dan Bangunan)",
        ("validasi bphtb", "pajak jual beli tanah"), BAPENDA,
        "Penghitungan dan validasi BPHTB atas jual beli, hibah atau waris tanah.",
        "SSPD BPHTB; Akta PPAT; SPPT PBB; Pajak dan tagihan"),
    SearchDoc(
        "npwp", "Pendaftaran NPWP orang pribadi", ("efin",),
        "Kantor Pelayanan Pajak Pratama KPP Direktorat Jenderal Pajak",
        "Pendaftaran Nomor Pokok Wajib Pajak bagi orang pribadi.",
        "Kartu NPWP KTP-el; Email aktif; Pajak dan tagihan"),
    SearchDoc(
        "skbn", "Surat keterangan bebas narkoba", ("tes urine",), "Badan Narkotika Nasional BNN",
        "Pemeriksaan dan surat keterangan bebas narkoba untuk melamar kerja.",
        "SKBN KTP-el; Pas foto; Mencari atau pindah kerja"),
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(CORPUS)


def keys(index: SearchIndex, query: str, limit: int | None = None) -> list[object]:
    return [hit.key for hit in index.search(query, limit)]


# Queries as citizens type them -> the service that must come first.
FIRST = [
    ("bikin ktp", "ktp-el-baru"),
    ("KTP hilang", "ktp-el-hilang"),
    ("ktp ilang", "ktp-el-hilang"),
    ("kehilangan ktp", "ktp-el-hilang"),
    ("e-ktp rusak", "ktp-el-rusak"),
    ("KTP-EL RUSAK", "ktp-el-rusak"),
    ("E KTP hilang", "ktp-el-hilang"),
    ("ektp hilang", "ktp-el-hilang"),
    ("ktp el baru", "ktp-el-baru"),
    ("akte lahir", "akta-kelahiran"),
    ("akta kelahiran anak", "akta-kelahiran"),
    ("bikin akte kelahiran bayi", "akta-kelahiran"),
    ("urus akte kematian", "akta-kematian"),
    ("surat meninggal dunia", "akta-kematian"),
    ("akta perkawinan", "akta-perkawinan"),
    ("paspor hilang", "paspor-hilang"),
    ("bikin pasport baru", "paspor-baru"),
    ("perpanjang paspor habis", "paspor-habis"),
    ("IMB", "pbg"),
    ("izin mendirikan bangunan", "pbg"),
    ("syarat imb rumah", "pbg"),
    ("perpanjang sim", "sim-perpanjangan"),
    ("perpanjangan SIM C", "sim-perpanjangan"),
    ("memperpanjang surat izin mengemudi", "sim-perpanjangan"),
    ("pajak motor", "pkb-tahunan"),
    ("bayar pajak kendaraan", "pkb-tahunan"),
    ("stnk 5 tahun", "stnk-5-tahunan"),
    ("ganti plat nomor", "stnk-5-tahunan"),
    ("balik nama motor", "bbnkb"),
    ("perpanjang skck", "skck-perpanjangan"),
    ("SKCK BARU", "skck-baru"),
    ("izin usaha", "nib-oss"),
    ("buat nib", "nib-oss"),
    ("SIUP", "nib-oss"),
    ("tambah anak di kk", "kk-perubahan"),
    ("pindah rumah ke ngawi", "pindah-datang"),
    ("surat pindah", "pindah-keluar"),
    ("pindah faskes", "bpjs-faskes"),
    ("ganti puskesmas bpjs", "bpjs-faskes"),
    ("daftar jkn", "bpjs-kes-daftar"),
    ("klaim jht", "bpjs-tk-jht"),
    ("pencairan jaminan hari tua", "bpjs-tk-jht"),
    ("pasang listrik", "pln-pasang"),
    ("tambah daya listrik", "pln-tambah-daya"),
    ("naik daya pln", "pln-tambah-daya"),
    ("pasang air pdam", "pdam-pasang"),
    ("balik nama tanah", "bpn-balik-nama"),
    ("ukur tanah", "bpn-ukur"),
    ("cek sertipikat", "bpn-cek"),
    ("bayar pbb", "pbb-bayar"),
    ("pajak bumi dan bangunan", "pbb-bayar"),
    ("balik nama sppt", "pbb-mutasi"),
    ("bphtb jual beli", "bphtb"),
    ("daftar nikah", "nikah-kua"),
    ("npwp", "npwp"),
    ("kia anak", "kia"),
    ("buka rekening", "bank-rekening"),
    ("buka tabungan bank", "bank-rekening"),
    ("kirim paket", "pos"),
    ("izin praktek bidan", "sip-bidan"),
    ("sip perawat", "sip-perawat"),
    ("pirt", "pirt"),
    ("kartu kuning", "kartu-kuning"),
    ("legalisir akta", "legalisir"),
    ("santunan kecelakaan", "jasa-raharja"),
    ("surat bebas narkoba", "skbn"),
    ("gimana cara ngurus ktp yang hilang ya", "ktp-el-hilang"),
    ("tolong dong syarat perpanjang sim c", "sim-perpanjangan"),
    # typos
    ("kelahran", "akta-kelahiran"),
    ("akta kelahrian", "akta-kelahiran"),
    ("perpanjngan sim", "sim-perpanjangan"),
    ("pajk motor", "pkb-tahunan"),
    ("pasang listirk", "pln-pasang"),
    ("sertifkat tanah", "bpn-cek"),
    # English words in a service name (the lead indexes English names too)
    ("passport lost", "paspor-hilang"),
    ("replace damaged passport", "paspor-hilang"),
    ("renew driving licence", "sim-perpanjangan"),
]

# Genuinely ambiguous queries -> a service that must be among the first three.
TOP3 = [
    ("ktp", "ktp-el-baru"),
    ("ktp", "ktp-el-hilang"),
    ("e-KTP", "ktp-el-rusak"),
    ("pasport", "paspor-baru"),
    ("pasprot", "paspor-baru"),
    ("pasp", "paspor-baru"),
    ("skck", "skck-baru"),
    ("skck", "skck-perpanjangan"),
    ("kartu keluarga", "kk-baru"),
    ("kartu keluarga", "kk-perubahan"),
    ("bpjs", "bpjs-kes-daftar"),
    ("nikah", "nikah-kua"),
    ("sertifikat tanah", "bpn-cek"),
    ("sertipikat", "bpn-cek"),
    ("sert", "bpn-cek"),
    ("kepolsian", "skck-baru"),
    ("akta kel", "akta-kelahiran"),
    ("listrik", "pln-pasang"),
    ("jamsostek", "bpjs-tk-jht"),
    ("surat kelakuan baik", "skck-baru"),
    ("surat keterangan catatan kepolisian", "skck-baru"),
]


@pytest.mark.parametrize(("query", "expected"), FIRST)
def test_query_ranks_expected_service_first(index, query, expected):
    found = keys(index, query)
    assert found, f"{query!r} found nothing"
    assert found[0] == expected, f"{query!r} -> {found[:4]}"


@pytest.mark.parametrize(("query", "expected"), TOP3)
def test_ambiguous_query_has_expected_service_in_top_three(index, query, expected):
    assert expected in keys(index, query)[:3], f"{query!r} -> {keys(index, query)[:4]}"


def test_variant_words_decide_between_related_services(index):
    """Does "hilang" lift KTP-el hilang above KTP-el baru, and "perpanjang" SKCK renewal?"""
    found = keys(index, "ktp hilang")
    assert found.index("ktp-el-hilang") < found.index("ktp-el-baru")
    found = keys(index, "skck perpanjangan")
    assert found.index("skck-perpanjangan") < found.index("skck-baru")
    found = keys(index, "paspor rusak")
    assert found[0] == "paspor-hilang"
    assert found.index("paspor-hilang") < found.index("paspor-baru")


@pytest.mark.parametrize("query", ["KTP-el", "ktp-el", "ktpel", "ktp el", "e-KTP", "E KTP", "ektp",
                                   "KTP elektronik", "kartu tanda penduduk"])
def test_spellings_of_ktp_el_find_the_ktp_services(index, query):
    assert set(keys(index, query)[:3]) == {"ktp-el-baru", "ktp-el-hilang", "ktp-el-rusak"}


def test_spellings_of_ktp_el_analyse_alike():
    assert {tuple(normalize_query(q)) for q in ("KTP-EL", "e-KTP", "ktp el", "E KTP", "ktpel",
                                                "ektp", "ktp")} == {("ktpel",)}


def test_case_and_punctuation_do_not_matter(index):
    assert keys(index, "SKCK BARU") == keys(index, "skck baru") == keys(index, "  Skck, baru!! ")


def test_service_matching_only_on_weak_fields_is_found(index):
    """Requirement text (the `extra` field) alone is enough to be found, ranked low."""
    found = keys(index, "sidik jari")
    assert found == ["skck-baru"]
    found = keys(index, "paklaring")
    assert found == ["bpjs-tk-jht"]


def test_name_match_outranks_weak_field_match(index):
    found = keys(index, "npwp")
    assert found[0] == "npwp"
    assert "nib-oss" in found         # NPWP is one of its requirements
    assert found.index("npwp") < found.index("nib-oss")


def test_typo_match_scores_lower_than_exact_match(index):
    exact = index.search("kelahiran")[0]
    typo = index.search("kelahran")[0]
    assert exact.key == typo.key == "akta-kelahiran"
    assert typo.score < exact.score


def test_prefix_match_scores_lower_than_whole_word(index):
    whole = index.search("paspor")[0]
    partial = index.search("pasp")[0]
    assert partial.key in {"paspor-baru", "paspor-hilang", "paspor-habis"}
    assert partial.score < whole.score


def test_short_words_are_not_typo_corrected(index):
    """Three letters are too few to guess from: "kua" must not become "kia"."""
    assert keys(index, "kua")[0] == "nikah-kua"
    assert "kia" not in keys(index, "kua")
    assert keys(index, "kib") == []


def test_unknown_word_does_not_stop_the_known_ones(index):
    assert keys(index, "paspor zzqxw")[0] in {"paspor-baru", "paspor-hilang", "paspor-habis"}


def test_filler_words_alone_match_nothing(index):
    assert index.search("bikin") == []
    assert index.search("gimana cara urus syaratnya dong") == []


def test_filler_words_do_not_change_the_winner(index):
    assert keys(index, "paspor hilang")[0] == keys(index, "mau urus paspor hilang dong")[0]


def test_results_are_sorted_best_first(index):
    hits = index.search("surat keterangan")
    assert len(hits) > 3
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(isinstance(h, SearchHit) and h.score > 0 for h in hits)


def test_ties_are_broken_by_name():
    docs = [SearchDoc(3, "Kartu C"), SearchDoc(1, "Kartu A"), SearchDoc(2, "Kartu B")]
    assert [h.key for h in SearchIndex(docs).search("kartu")] == [1, 2, 3]


def test_fields_weigh_name_then_keywords_agency_summary_extra():
    docs = [SearchDoc("extra", "Alfa", extra="zebra"),
            SearchDoc("summary", "Bravo", summary="zebra"),
            SearchDoc("agency", "Charlie", agency="zebra"),
            SearchDoc("keywords", "Delta", keywords=("zebra",)), SearchDoc("name", "Zebra")]
    assert [h.key for h in SearchIndex(docs).search("zebra")] == [
        "name", "keywords", "agency", "summary", "extra"]


def test_service_matching_all_terms_beats_one_matching_a_term_often():
    docs = [SearchDoc("many", "Paspor", ("paspor", "paspor biasa"), "Imigrasi paspor",
                      "Paspor untuk paspor baru.", "Paspor lama"),
            SearchDoc("both", "Surat hilang", summary="Paspor")]
    assert [h.key for h in SearchIndex(docs).search("paspor hilang")] == ["both", "many"]


def test_matching_every_query_term_earns_a_bonus(index):
    """Is a service matching all terms scored above the sum of its single-term scores?"""
    def score(query, key):
        return next(h.score for h in index.search(query) if h.key == key)

    both = score("hilang paspor", "paspor-hilang")   # not in name order: no order bonus
    assert both > score("paspor", "paspor-hilang") + score("hilang", "paspor-hilang")
    # and a service matching only some terms is scored below what it gets for those alone
    assert score("paspor hilang", "paspor-baru") < score("paspor", "paspor-baru")


def test_phrase_in_name_order_ranks_higher():
    docs = [SearchDoc("a", "Tanah balik nama"), SearchDoc("b", "Balik nama tanah")]
    assert [h.key for h in SearchIndex(docs).search("balik nama tanah")] == ["b", "a"]
    assert [h.key for h in SearchIndex(docs).search("tanah balik nama")] == ["a", "b"]


def test_ordering_is_deterministic(index):
    queries = ["ktp", "surat", "pajak", "izin", "sertifikat", "kartu"]
    first = [keys(index, q) for q in queries]
    again = [keys(SearchIndex(CORPUS), q) for q in queries]
    shuffled = [keys(SearchIndex(list(reversed(CORPUS))), q) for q in queries]
    assert first == again == shuffled


def test_limit(index):
    everything = keys(index, "surat")
    assert len(everything) > 5
    assert keys(index, "surat", limit=3) == everything[:3]
    assert keys(index, "surat", limit=0) == []
    assert keys(index, "surat", limit=100) == everything


@pytest.mark.parametrize("query", ["", "   ", "\n\t", "!!!", "-/.,;", "di yang dan ke", "...?"])
def test_empty_or_meaningless_query_returns_nothing(index, query):
    assert index.search(query) == []
    assert index.suggest(query) is None
    assert normalize_query(query) == []


@pytest.mark.parametrize("query", ["паспорт", "护照", "جواز سفر", "🙂🙂", "ktp 🙂", "café",
                                   "ｋｔｐ", "ÄKTÉ lahir", "a" * 300, "\x00ktp", "12345"])
def test_odd_input_does_not_crash(index, query):
    hits = index.search(query)
    assert all(isinstance(h, SearchHit) for h in hits)
    index.suggest(query)


def test_full_width_and_accented_letters_are_folded(index):
    assert keys(index, "ｋｔｐ hilang")[0] == "ktp-el-hilang"
    assert keys(index, "ÁKTÉ lahir")[0] == "akta-kelahiran"
    assert keys(index, "ktp 🙂 hilang")[0] == "ktp-el-hilang"


def test_very_long_query_is_handled(index):
    long_query = ("paspor hilang " * 1000)[:10_000]
    assert len(long_query) == 10_000
    assert keys(index, long_query)[0] == "paspor-hilang"
    noise = "x" * 10_000
    assert index.search(noise) == []
    mixed = " ".join(["qwzx"] * 2500)
    assert index.search(mixed) == []


def test_empty_index():
    empty = SearchIndex([])
    assert empty.search("ktp") == []
    assert empty.suggest("ktp") is None


def test_keys_are_returned_as_is():
    key = ("site", 7)
    assert SearchIndex([SearchDoc(key, "Paspor baru")]).search("paspor")[0].key is key


# --- suggest ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "expected"), [
    ("pasprot", "paspor"),
    ("sertifkat tanah", "sertifikat tanah"),
    ("akta kelahran", "akta kelahiran"),
    ("perpanjngan sim", "perpanjangan sim"),
    ("kepolsian", "kepolisian"),
])
def test_suggest_corrects_unknown_words(index, query, expected):
    assert index.suggest(query) == expected


@pytest.mark.parametrize("query", ["paspor", "ktp hilang", "ktp ilang", "akte lahir", "IMB",
                                   "bikin pasport baru", "ngawi", "sim"])
def test_suggest_returns_none_when_nothing_to_correct(index, query):
    assert index.suggest(query) is None


def test_suggest_leaves_hopeless_words_alone(index):
    assert index.suggest("zzqxw") is None
    assert index.suggest("paspor zzqxw") is None


# --- analysis ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("word", "root"), [
    ("menyusun", "susun"), ("memotong", "potong"), ("pengurusan", "urus"),
    ("perpanjangan", "panjang"), ("memperpanjang", "panjang"), ("diperpanjang", "panjang"),
    ("pendaftaran", "daftar"), ("mendaftarkan", "daftar"), ("pembayaran", "bayar"),
    ("kelahiran", "lahir"), ("kematian", "mati"), ("perkawinan", "kawin"),
    ("pernikahan", "nikah"), ("menikah", "nikah"), ("kehilangan", "hilang"),
    ("pengukuran", "ukur"), ("kependudukan", "duduk"), ("penggantian", "ganti"),
    ("mengganti", "ganti"), ("perubahan", "ubah"), ("pengecekan", "cek"),
    ("pemasangan", "pasang"), ("bermotor", "motor"), ("tahunan", "tahun"),
    ("kepolisian", "polisi"), ("kesehatan", "sehat"), ("pelayanan", "layan"),
    ("pendatang", "datang"), ("penyerahan", "serah"), ("pengiriman", "kirim"),
    ("berusaha", "usaha"), ("pemohon", "mohon"), ("bepergian", "pergi"),
    ("pekerjaan", "kerja"), ("terdaftar", "daftar"), ("memperbarui", "baru"),
    ("kecamatan", "camat"), ("mengemudi", "kemudi"), ("dikembalikan", "kembali"),
    ("anaknya", "anak"), ("bukunya", "buku"), ("ngurus", "urus"), ("perpanjangin", "panjang"),
    ("Pendaftaran", "daftar"),
])
def test_stem_removes_affixes(word, root):
    assert stem(word) == root


@pytest.mark.parametrize("word", [
    "pajak", "paspor", "akta", "sertifikat", "kendaraan", "keluarga", "kartu", "dinas",
    "disdukcapil", "kepala", "kembali", "sekolah", "badan", "jalan", "bidan", "perawat",
    "polisi", "imigrasi", "rekening", "berkas", "bersih", "pertama", "perempuan", "izin",
    "ktp", "kk", "sim", "ngawi", "terminal", "sertifikasi", "waktu", "masalah",
])
def test_stem_leaves_root_and_non_derived_words_alone(word):
    assert stem(word) == word


def test_stem_is_consistent_across_derived_forms():
    assert len({stem(w) for w in ("daftar", "mendaftar", "pendaftaran", "terdaftar",
                                  "didaftarkan", "mendaftarkan")}) == 1
    assert len({stem(w) for w in ("panjang", "perpanjang", "perpanjangan", "memperpanjang",
                                  "diperpanjang")}) == 1


def test_stem_passes_through_non_words():
    assert stem("17") == "17"
    assert stem("p2") == "p2"
    assert stem("паспорт") == "паспорт"
    assert stem("") == ""


def test_normalize_query_drops_filler_words_but_keeps_variant_words():
    assert normalize_query("bikin KTP hilang dong") == ["ktpel", "hilang"]
    assert normalize_query("gimana cara ngurus perpanjangan SIM ya?") == ["panjang", "sim"]
    assert normalize_query("mau ganti ktp rusak") == ["ganti", "ktpel", "rusak"]
    assert normalize_query("pindah rumah") == ["pindah", "rumah"]
    assert normalize_query("balik nama tanah") == ["balik", "nama", "tanah"]
    assert normalize_query("tambah daya") == ["tambah", "daya"]
    assert normalize_query("baru") == ["baru"]
    assert normalize_query("tolong syarat buat saya untuk paspor ya") == ["paspor"]
    assert normalize_query("berapa biaya dan jam buka loket paspor") == ["paspor"]
    assert normalize_query("buka rekening") == ["buka", "rekening"]


def test_normalize_query_applies_synonyms_and_old_names():
    assert normalize_query("IMB") == ["pbg"]
    assert normalize_query("izin mendirikan bangunan") == ["pbg"]
    assert normalize_query("akte") == ["akta"]
    assert normalize_query("ilang") == ["hilang"]
    assert normalize_query("pasport") == normalize_query("pasfor") == ["paspor"]
    assert normalize_query("sertipikat") == ["sertifikat"]
    assert normalize_query("kartu keluarga") == normalize_query("KK") == ["kk"]
    assert normalize_query("SIUP") == normalize_query("izin usaha") == ["nib"]
    assert normalize_query("pajak motor") == normalize_query("pajak mobil") \
        == ["pajak", "kendaraan"]
    assert normalize_query("jkn") == normalize_query("kis") == ["bpjs", "sehat"]
    assert normalize_query("meninggal") == normalize_query("kematian") == ["mati"]
    assert normalize_query("kawin") == normalize_query("pernikahan") == ["nikah"]
    assert normalize_query("pln") == normalize_query("listrik") == ["listrik"]
    assert normalize_query("surat keterangan catatan kepolisian") == ["skck"]


def test_synonym_table_is_substantial():
    assert len(SYNONYMS) + len(WORD_ALIASES) >= 60
    assert len(SYNONYMS) >= 60


# --- cut-off: what counts as found ----------------------------------------------------------

def test_find_keeps_a_specific_query_short(index):
    """"ktp ilang gimana": the lost-KTP service, not every service that asks for a KTP."""
    findings = index.find("ktp ilang gimana")
    assert [hit.key for hit in findings.found] == ["ktp-el-hilang"]
    assert all(hit.relevant for hit in findings.found)
    assert len(index.search("ktp ilang gimana")) > len(findings.found) + len(findings.maybe)


def test_weak_matches_are_only_offered_apart(index):
    findings = index.find("paspor hilang")
    found = [hit.key for hit in findings.found]
    assert found[0] == "paspor-hilang"
    maybe = [hit.key for hit in findings.maybe]
    assert "ktp-el-hilang" not in found and not set(found) & set(maybe)
    assert all(not hit.relevant for hit in findings.maybe)


def test_search_flags_the_same_hits_as_find(index):
    hits = index.search("akta lahir")
    found = {hit.key for hit in index.find("akta lahir").found}
    assert {hit.key for hit in hits if hit.relevant} == found


def test_a_term_met_only_among_requirements_counts_half():
    docs = [SearchDoc("name", "Paspor hilang"),
            SearchDoc("extra", "Paspor baru", extra="Surat keterangan hilang dari polisi")]
    findings = SearchIndex(docs).find("paspor hilang")
    assert [h.key for h in findings.found] == ["name"]
    assert [h.key for h in findings.maybe] == ["extra"]


def test_nothing_is_found_when_the_best_covers_under_half_of_the_query():
    docs = [SearchDoc("a", "Paspor"), SearchDoc("b", "Kartu keluarga"),
            SearchDoc("c", "Sertifikat tanah")]
    findings = SearchIndex(docs).find("paspor kartu keluarga sertifikat")
    assert findings.found == [] and len(findings.maybe) == 3
    assert SearchIndex(docs).find("zebra").found == []


def test_found_lists_are_capped():
    from mpp_lite.catalog.search import MAX_FOUND, MAX_MAYBE

    docs = [SearchDoc(n, f"Kartu {n}") for n in range(40)]
    findings = SearchIndex(docs).find("kartu")
    assert len(findings.found) == MAX_FOUND and len(findings.maybe) <= MAX_MAYBE
