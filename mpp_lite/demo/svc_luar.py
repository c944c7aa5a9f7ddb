"""Needs citizens bring to the MPP that are handled elsewhere: letters from the RT/RW and the
village or kelurahan office, school diplomas, health certificates, bank cards.

Each entry says where to go and what to bring there; none has a counter or a queue. The MPP
manager (DPMPTSP) gives the information at the front desk.
"""
from __future__ import annotations

from .builders import free, paid, req, step
from .common import kk, ktp
from .context import SiteContext

INFO = "dpmptsp"
VILLAGE = ("kantor desa/kelurahan", "the village or kelurahan office")
VILLAGE_COMPLAINT = ("Kepala desa/lurah atau camat setempat; SP4N-LAPOR! (lapor.go.id, SMS 1708)",
                     "The village head (kepala desa/lurah) or the sub-district head (camat); "
                     "SP4N-LAPOR! (lapor.go.id, SMS 1708)")
VILLAGE_LAW = ("UU 6/2014 tentang Desa; PP 17/2018 tentang Kecamatan; UU 23/2006 jo. UU 24/2013 "
               "tentang Administrasi Kependudukan")
VILLAGE_FEE = free(VILLAGE_LAW, ("Umumnya tidak dipungut biaya. Pungutan di luar peraturan desa "
                                 "dapat dilaporkan.",
                                 "Usually free. Any charge not set by a village regulation can "
                                 "be reported."))


def _rt_rw_letter():
    return req(("Surat pengantar RT/RW", "Cover letter from your RT/RW neighbourhood heads"),
               form="original", source=("Ketua RT dan RW tempat tinggal",
                                        "The heads of your RT and RW"))


def build(c: SiteContext) -> None:
    note_tail = ("Datang ke kantor desa/kelurahan sesuai alamat di KTP-el pada jam kerja. Di MPP "
                 "tidak ada gerai desa/kelurahan.",
                 "Go to the village or kelurahan office of the address on your KTP-el during "
                 "office hours. There is no village counter at the MPP.")

    c.outside(
        slug="surat-pengantar-rt-rw", agency=INFO,
        name=("Surat pengantar RT/RW", "Cover letter from the RT/RW"),
        summary=("Surat pengantar dari ketua RT dan RW menjadi syarat banyak layanan (KK, "
                 "pindah, SKCK, domisili, SKTM). Surat ini dibuat di lingkungan tempat tinggal "
                 "Anda, bukan di MPP.",
                 "A cover letter from the heads of your RT and RW neighbourhood units is needed "
                 "for many services (family card, moving, police certificate, residence, "
                 "low-income letter). It is made where you live, not at the MPP."),
        place=("ketua RT/RW, lalu kantor desa/kelurahan", "your RT/RW heads, then the village or "
                                                          "kelurahan office"),
        note=("Minta surat pengantar ke ketua RT, lalu tanda tangan ketua RW. Bila layanan "
              "tujuan meminta, bawa ke kantor desa/kelurahan untuk surat keterangan.",
              "Ask your RT head for the letter, then have the RW head sign it. If the service "
              "you need asks for it, take it to the village or kelurahan office for a "
              "certificate."),
        requirements=[ktp(form="copy"), kk(form="copy"),
                      req(("Keperluan surat (untuk apa)", "What the letter is for"),
                          detail=("Sebutkan layanan yang akan diurus, misalnya SKCK atau KK.",
                                  "Say which service it is for, for example a police "
                                  "certificate or family card."))],
        steps=[
            step(("Datang ke rumah ketua RT", "Visit your RT head"), location=(
                "Rumah ketua RT", "The RT head's home"), actor="Pemohon",
                duration="±15 menit", cost="Gratis"),
            step(("Minta tanda tangan ketua RW", "Have the RW head sign it"), location=(
                "Rumah ketua RW", "The RW head's home"), actor="Pemohon",
                duration="±15 menit", cost="Gratis"),
        ],
        processing_time=("Hari yang sama", "Same day"),
        fee=VILLAGE_FEE, product=("Surat pengantar RT/RW", "RT/RW cover letter"),
        complaint=VILLAGE_COMPLAINT, legal_basis=VILLAGE_LAW,
        life_events=["pindah-rumah", "kerja"],
        keywords=["surat pengantar", "pengantar rt", "pengantar rw", "surat rt", "surat rt rw",
                  "surat pengantar rt rw", "pengantar kelurahan", "pengantar desa"],
    )

    c.outside(
        slug="surat-keterangan-domisili", agency=INFO,
        name=("Surat keterangan domisili", "Certificate of residence (surat keterangan "
                                           "domisili)"),
        summary=("Surat yang menyatakan Anda tinggal di suatu alamat, misalnya bila alamat KTP-el "
                 "berbeda dengan tempat tinggal sekarang, untuk melamar kerja, sekolah, atau "
                 "membuka rekening. Dibuat oleh desa/kelurahan tempat Anda tinggal sekarang.",
                 "A letter stating that you live at an address, for example when your KTP-el "
                 "shows another address, for job or school applications or opening an account. "
                 "It is issued by the village or kelurahan where you now live."),
        place=VILLAGE,
        note=("Dibuat di kantor desa/kelurahan tempat Anda tinggal sekarang (bukan sesuai alamat "
              "KTP-el). Untuk pindah alamat secara resmi, urus surat pindah (SKPWNI) di gerai "
              "Disdukcapil MPP.",
              "Made at the village or kelurahan office where you live now (not the one on your "
              "KTP-el). To change your address officially, get a moving certificate (SKPWNI) "
              "at the MPP's civil registration counter."),
        requirements=[_rt_rw_letter(), ktp(form="copy"), kk(form="copy")],
        processing_time=("Hari yang sama", "Same day"),
        fee=VILLAGE_FEE, product=("Surat keterangan domisili", "Certificate of residence"),
        complaint=VILLAGE_COMPLAINT, legal_basis=VILLAGE_LAW,
        life_events=["pindah-rumah"],
        keywords=["surat domisili", "keterangan domisili", "skd", "surat keterangan tinggal",
                  "domisili", "surat tinggal", "bukti domisili"],
    )

    c.outside(
        slug="sktm", agency=INFO,
        name=("Surat keterangan tidak mampu (SKTM)", "Low-income certificate (SKTM)"),
        summary=("Surat yang menyatakan keluarga kurang mampu, dipakai untuk keringanan biaya "
                 "sekolah, berobat, atau berperkara. Dibuat di desa/kelurahan; untuk bantuan "
                 "sosial dan BPJS PBI, data DTKS dicek di gerai Dinas Sosial bila ada.",
                 "A letter stating that a family has a low income, used for lower school, "
                 "medical or court fees. It is made at the village or kelurahan office; for "
                 "social assistance and state-paid health insurance, the welfare register is "
                 "checked at the social affairs counter where there is one."),
        place=VILLAGE,
        note=note_tail,
        requirements=[_rt_rw_letter(), ktp(form="copy"), kk(form="copy"),
                      req(("Keperluan SKTM", "What the certificate is for"),
                          detail=("Misalnya beasiswa sekolah atau keringanan biaya rumah sakit.",
                                  "For example a school grant or lower hospital fees.")),
                      req(("Surat pernyataan tidak mampu bermeterai", "Signed statement of low "
                                                                     "income with a duty "
                                                                     "stamp"),
                          form="original", optional=True,
                          condition=("diminta desa/kelurahan", "the village office asks for "
                                                               "it"))],
        processing_time=("Hari yang sama", "Same day"),
        fee=VILLAGE_FEE, product=("Surat keterangan tidak mampu (SKTM)",
                                  "Low-income certificate (SKTM)"),
        complaint=VILLAGE_COMPLAINT, legal_basis=VILLAGE_LAW,
        life_events=["kesehatan"],
        keywords=["sktm", "surat tidak mampu", "keterangan tidak mampu", "surat miskin",
                  "surat keterangan miskin", "keringanan biaya", "surat kurang mampu"],
    )

    c.outside(
        slug="surat-keterangan-usaha", agency=INFO,
        name=("Surat keterangan usaha (SKU) dari desa/kelurahan",
              "Business certificate (SKU) from the village office"),
        summary=("Surat yang menyatakan Anda menjalankan usaha di suatu tempat, sering diminta "
                 "bank untuk KUR atau pinjaman. Untuk izin usaha resmi, buat NIB lewat OSS di "
                 "gerai DPMPTSP MPP.",
                 "A letter stating that you run a business at a place, often asked for by banks "
                 "for KUR and other loans. For an official business licence, get an NIB through "
                 "OSS at the MPP's licensing counter."),
        place=VILLAGE,
        note=("Dibuat di kantor desa/kelurahan tempat usaha berada. NIB (izin usaha resmi) bisa "
              "diurus di MPP, di gerai DPMPTSP.",
              "Made at the village or kelurahan office where the business is. An NIB (the "
              "official business licence) can be obtained at the MPP, at the licensing "
              "counter."),
        requirements=[_rt_rw_letter(), ktp(form="copy"), kk(form="copy"),
                      req(("Foto tempat usaha", "Photo of the business premises"),
                          form="digital", optional=True)],
        processing_time=("Hari yang sama", "Same day"),
        fee=VILLAGE_FEE, product=("Surat keterangan usaha (SKU)", "Business certificate (SKU)"),
        complaint=VILLAGE_COMPLAINT, legal_basis=VILLAGE_LAW,
        life_events=["buka-usaha"],
        keywords=["sku", "surat keterangan usaha", "keterangan usaha", "surat usaha desa",
                  "surat usaha kelurahan"],
    )

    c.outside(
        slug="surat-keterangan-ahli-waris", agency=INFO,
        name=("Surat keterangan ahli waris", "Certificate of heirs (surat keterangan ahli "
                                             "waris)"),
        summary=("Surat yang menyebut siapa saja ahli waris seorang yang meninggal, dipakai "
                 "untuk mencairkan tabungan, balik nama tanah, atau mengurus pensiun. Dibuat di "
                 "desa/kelurahan dan dikuatkan camat; bila ada sengketa, lewat Pengadilan Agama "
                 "atau Pengadilan Negeri.",
                 "A letter naming the heirs of someone who has died, used to release savings, "
                 "transfer land or claim a pension. It is made at the village or kelurahan "
                 "office and endorsed by the sub-district head; if the heirs disagree, it goes "
                 "through the religious or district court."),
        place=("kantor desa/kelurahan dan kantor camat", "the village or kelurahan office and "
                                                         "the sub-district office"),
        note=("Semua ahli waris (atau kuasanya) dan dua saksi datang ke kantor desa/kelurahan "
              "tempat tinggal almarhum, lalu surat dikuatkan camat. Akta kematian diurus di "
              "gerai Disdukcapil MPP.",
              "All heirs (or their representatives) and two witnesses go to the village or "
              "kelurahan office where the deceased lived; the sub-district head then endorses "
              "the letter. The death certificate is obtained at the MPP's civil registration "
              "counter."),
        requirements=[
            req(("Akta kematian", "Death certificate"), form="copy",
                source="Disdukcapil, atau gerai Disdukcapil di MPP"),
            ktp(form="copy", whose=("KTP-el semua ahli waris", "KTP-el of every heir")),
            kk(form="copy"),
            req(("Buku nikah almarhum dan akta kelahiran para ahli waris",
                 "Marriage book of the deceased and birth certificates of the heirs"),
                form="copy"),
            req(("Dua orang saksi dengan KTP-el", "Two witnesses with their KTP-el")),
        ],
        processing_time=("1–3 hari kerja", "1–3 working days"),
        fee=VILLAGE_FEE, product=("Surat keterangan ahli waris", "Certificate of heirs"),
        complaint=VILLAGE_COMPLAINT, legal_basis=VILLAGE_LAW,
        life_events=["kematian"],
        keywords=["ahli waris", "surat waris", "keterangan waris", "surat ahli waris",
                  "warisan"],
    )

    c.outside(
        slug="legalisir-ijazah", agency=INFO,
        name=("Legalisir ijazah dan transkrip nilai", "Certified copies of diplomas and "
                                                      "transcripts"),
        summary=("Fotokopi ijazah atau transkrip hanya bisa dilegalisir oleh sekolah atau "
                 "perguruan tinggi yang menerbitkannya (atau dinas pendidikan bila sekolahnya "
                 "sudah tutup). Di MPP hanya dokumen kependudukan yang dilegalisir.",
                 "Copies of diplomas or transcripts can only be certified by the school or "
                 "university that issued them (or the education office if the school has "
                 "closed). At the MPP only civil registration documents are certified."),
        place=("sekolah atau perguruan tinggi penerbit ijazah", "the school or university that "
                                                                "issued the diploma"),
        note=("Datang ke tata usaha sekolah atau bagian akademik kampus. Untuk legalisir akta "
              "kelahiran, KK, atau akta lain, gunakan layanan legalisir Disdukcapil di MPP.",
              "Go to the school office or the university's academic office. For certified "
              "copies of birth certificates, family cards or other civil records, use the "
              "civil registration counter at the MPP."),
        requirements=[
            req(("Ijazah asli", "Original diploma"), form="original"),
            req(("Fotokopi ijazah atau transkrip yang akan dilegalisir",
                 "Copies of the diploma or transcript to be certified"), form="copy", qty=5),
        ],
        processing_time=("Hari yang sama sampai 3 hari kerja", "Same day to 3 working days"),
        fee=free("Ketentuan sekolah atau perguruan tinggi",
                 ("Sekolah negeri umumnya gratis; perguruan tinggi dapat memungut biaya sesuai "
                  "ketentuannya.",
                  "State schools are usually free; universities may charge according to their "
                  "rules.")),
        product=("Fotokopi ijazah yang dilegalisir", "Certified copies of the diploma"),
        complaint=("Kepala sekolah atau bagian akademik kampus; dinas pendidikan setempat",
                   "The head teacher or the university's academic office; the local "
                   "education office"),
        life_events=["kerja"],
        keywords=["legalisir ijazah", "legalisasi ijazah", "legalisir transkrip",
                  "ijazah", "transkrip nilai", "leges ijazah"],
    )

    c.outside(
        slug="surat-keterangan-sehat", agency=INFO,
        name=("Surat keterangan sehat dari dokter", "Medical certificate of good health"),
        summary=("Surat keterangan sehat untuk melamar kerja, sekolah, atau SIM dibuat oleh "
                 "dokter di puskesmas, klinik, atau rumah sakit. Untuk SIM, tes kesehatan juga "
                 "tersedia di dekat gerai Satlantas.",
                 "A certificate of good health for job or school applications or a driving "
                 "licence is issued by a doctor at a community health centre, clinic or "
                 "hospital. For a driving licence, the health test is also available near the "
                 "traffic police counter."),
        place=("puskesmas, klinik, atau rumah sakit", "a community health centre (puskesmas), "
                                                      "clinic or hospital"),
        note=("Datang ke puskesmas atau klinik pada jam layanan; dokter memeriksa lalu "
              "menerbitkan surat.",
              "Go to a community health centre or clinic during opening hours; a doctor "
              "examines you and issues the certificate."),
        requirements=[ktp(form="original"),
                      req(("Kartu BPJS Kesehatan atau KIS", "BPJS health insurance card (KIS)"),
                          optional=True, detail=(
                              "Pemeriksaan untuk surat keterangan biasanya tidak ditanggung "
                              "BPJS.",
                              "An examination for a certificate is usually not covered by "
                              "BPJS."))],
        processing_time=("±1 jam", "About 1 hour"),
        fee=paid(10_000,
                 ("Di puskesmas dikenai retribusi sesuai perda setempat (umumnya mulai "
                  "Rp10.000); di klinik atau rumah sakit sesuai tarifnya.",
                  "Health centres charge the fee set by the local regulation (usually from "
                  "Rp10,000); clinics and hospitals their own rates."),
                 "Perda tentang retribusi jasa umum (pelayanan kesehatan) setempat"),
        product=("Surat keterangan sehat", "Medical certificate of good health"),
        complaint=("Kepala puskesmas atau manajemen klinik/rumah sakit; SP4N-LAPOR! "
                   "(lapor.go.id, SMS 1708)",
                   "The head of the health centre or the clinic/hospital management; "
                   "SP4N-LAPOR! (lapor.go.id, SMS 1708)"),
        life_events=["kerja", "kesehatan"],
        keywords=["surat sehat", "surat keterangan sehat", "keterangan sehat", "surat dokter",
                  "tes kesehatan", "medical check up", "mcu"],
    )

    c.outside(
        slug="kartu-atm-hilang", agency=INFO,
        name=("Kartu ATM atau buku tabungan hilang", "Lost bank card or savings book"),
        summary=("Blokir kartu ATM lewat call center bank secepatnya, lalu minta kartu atau "
                 "buku tabungan pengganti di kantor cabang bank Anda. Surat keterangan "
                 "kehilangan dari polisi bisa dibuat di gerai Polres MPP.",
                 "Block the card through your bank's call centre at once, then ask for a "
                 "replacement card or savings book at your bank's branch. The police loss "
                 "report can be made at the MPP's police counter."),
        place=("kantor cabang bank penerbit kartu", "a branch of the bank that issued the card"),
        note=("Penggantian kartu dan buku tabungan hanya di kantor cabang bank penerbit, "
              "bukan di gerai bank di MPP.",
              "Cards and savings books are replaced only at a branch of the issuing bank, not "
              "at the bank counter in the MPP."),
        requirements=[
            ktp(form="original"),
            req(("Surat keterangan kehilangan dari kepolisian", "Police loss report"),
                form="original", source=("Gerai Polres di MPP", "The police counter at the "
                                                                "MPP")),
            req(("Buku tabungan", "Savings book"), form="original",
                condition=("yang hilang kartu ATM", "it is the card that was lost")),
        ],
        processing_time=("Hari yang sama", "Same day"),
        fee=paid(10_000,
                 ("Biaya penggantian kartu sesuai ketentuan bank, umumnya Rp10.000–Rp25.000.",
                  "The replacement fee is set by the bank, usually Rp10,000–Rp25,000."),
                 "Ketentuan bank penerbit"),
        product=("Kartu ATM atau buku tabungan pengganti", "Replacement bank card or savings "
                                                           "book"),
        complaint=("Layanan pengaduan bank (call center atau kantor cabang); OJK 157",
                   "The bank's complaint service (call centre or branch); OJK 157"),
        life_events=["dokumen-hilang"],
        keywords=["atm hilang", "kartu atm hilang", "ganti kartu atm", "blokir atm",
                  "buku tabungan hilang", "kartu debit hilang", "atm rusak", "atm ketelan"],
    )
