"""Marriage (KUA), social security (BPJS), utilities (PDAM, PLN), post office and bank."""
from __future__ import annotations

from .builders import free, paid, req, rupiah, step
from .common import kk, ktp, queue_step
from .context import SiteContext

KEMENAG_PNBP = ("PP 59/2018 tentang Jenis dan Tarif atas Jenis PNBP yang Berlaku pada "
                "Kementerian Agama")
JKN_LAW = ("UU 40/2004 tentang SJSN; UU 24/2011 tentang BPJS; Perpres 82/2018 tentang Jaminan "
           "Kesehatan sebagaimana diubah Perpres 64/2020 dan Perpres 59/2024")
BPJSTK_LAW = ("UU 24/2011 tentang BPJS; PP 44/2015 tentang JKK dan JKM sebagaimana diubah PP "
              "82/2019; PP 46/2015 tentang JHT; Permenaker 4/2022 tentang Tata Cara dan "
              "Persyaratan Pembayaran Manfaat JHT")
PLN_LAW = ("UU 30/2009 tentang Ketenagalistrikan; Permen ESDM 27/2017 tentang Tingkat Mutu "
           "Pelayanan dan Biaya yang Terkait dengan Penyaluran Tenaga Listrik oleh PT PLN "
           "(Persero)")
BANK_LAW = "POJK 22/2023 tentang Pelindungan Konsumen dan Masyarakat di Sektor Jasa Keuangan"


def build(c: SiteContext) -> None:
    _kua(c)
    _bpjs(c)
    _utilities(c)
    _pos_and_bank(c)


def _kua(c: SiteContext) -> None:
    gerai = c.gerai("kemenag")
    officer = c.officer("kemenag")
    regency_id, regency_en = c["regency"]
    c.service(
        slug="pendaftaran-nikah", agency="kemenag", queue_prefix="G", daily_quota=20,
        availability="partial",
        name=("Pendaftaran nikah di KUA (calon pengantin Muslim)",
              "Registering a Muslim marriage at the KUA"),
        summary=("Pendaftaran kehendak nikah paling lambat 10 hari kerja sebelum akad. Gerai "
                 "Kemenag memeriksa berkas dan mendaftarkannya ke KUA kecamatan tempat akad "
                 "lewat SIMKAH; pemeriksaan calon pengantin, bimbingan perkawinan, dan akad "
                 "dilaksanakan oleh KUA.",
                 "Notice of intended marriage, given at least 10 working days before the "
                 "ceremony. The religious affairs counter checks your documents and registers "
                 "them with the KUA of the sub-district where the ceremony will be held, through "
                 "SIMKAH; the interview, pre-marriage course and ceremony are conducted by the "
                 "KUA."),
        requirements=[
            req(("Surat pengantar perkawinan dari desa/kelurahan (formulir N1)",
                 "Marriage cover letter from the village office (form N1)"),
                form="original", qty=2, detail=("Satu untuk setiap calon pengantin.",
                                                "One for each of the couple."),
                source="Kantor desa/kelurahan"),
            req(("Akta kelahiran calon pengantin", "The couple's birth certificates"),
                form="copy", qty=2),
            req(("KTP-el dan KK calon pengantin", "The couple's KTP-el and family cards"),
                form="copy", qty=2),
            req(("Pas foto berwarna 2×3 (4 lembar) dan 4×6 (2 lembar), latar biru",
                 "Colour photos, 2×3 cm (4) and 4×6 cm (2), blue background"),
                form="original", detail=("Untuk masing-masing calon pengantin.",
                                         "For each of the couple."),
                source="Studio foto"),
            req(("Surat persetujuan calon pengantin (N4) dan izin orang tua (N5)",
                 "Consent of the couple (N4) and parents' permission (N5)"),
                form="original",
                detail=("Izin orang tua (N5) hanya diperlukan bila calon pengantin belum "
                        "berusia 21 tahun.",
                        "Parents' permission (N5) is only needed if either of the couple is "
                        "under 21."),
                source="Disediakan di gerai"),
            req(("Akta cerai atau akta kematian pasangan terdahulu",
                 "Divorce certificate or the former spouse's death certificate"),
                form="original_and_copy",
                condition=("berstatus duda atau janda", "you are divorced or widowed")),
            req(("Penetapan dispensasi kawin dari Pengadilan Agama",
                 "Marriage dispensation ruling from the religious court"),
                form="original_and_copy",
                condition=("calon pengantin belum berusia 19 tahun",
                           "either of the couple is under 19"),
                source=("Pengadilan Agama", "Religious court")),
            req(("Surat rekomendasi nikah dari KUA tempat tinggal",
                 "Marriage recommendation letter from the KUA where you live"),
                form="original",
                condition=("akad di luar kecamatan tempat tinggal calon pengantin",
                           "the ceremony is outside the sub-district where you live")),
        ],
        steps=[
            queue_step(c, "G"),
            step(("Pemeriksaan berkas dan pendaftaran di SIMKAH",
                  "Document check and registration in SIMKAH"),
                 detail=("Sebutkan tanggal, jam, dan tempat akad yang diinginkan.",
                         "Give the date, time and place you want for the ceremony."),
                 location=gerai, actor=officer, duration="±20 menit", cost="Gratis"),
            step(("Setor PNBP nikah bila akad di luar KUA", "Pay the marriage fee if the ceremony "
                                                           "is outside the KUA"),
                 detail=("Rp600.000 disetor ke bank dengan kode billing; simpan bukti setor.",
                         "Rp600,000, paid at a bank with a billing code; keep the receipt."),
                 location="Bank atau kantor pos", actor="Calon pengantin", duration="±10 menit",
                 cost=("Rp600.000 (di luar KUA/jam kerja)",
                       "Rp600,000 (outside the KUA or office hours)")),
            step(("Pemeriksaan nikah di KUA bersama wali", "Marriage interview at the KUA with "
                                                          "the guardian (wali)"),
                 location=("KUA kecamatan tempat akad", "KUA of the sub-district of the "
                                                        "ceremony"),
                 actor="Calon pengantin", duration="±1 jam", cost="Gratis"),
            step(("Bimbingan perkawinan", "Pre-marriage course"),
                 location=("KUA kecamatan atau Kemenag kabupaten",
                           "Sub-district KUA or the regency religious affairs office"),
                 actor="Calon pengantin", duration="Sesuai jadwal", cost="Gratis"),
            step(("Akad nikah dan penyerahan buku nikah", "Marriage ceremony and handing over of "
                                                          "the marriage books"),
                 detail=("Buku nikah diserahkan setelah akad; kartu nikah digital dapat diunduh.",
                         "The marriage books are handed over after the ceremony; a digital "
                         "marriage card can be downloaded."),
                 location=("KUA atau tempat akad", "The KUA or the ceremony venue"),
                 actor=("Penghulu", "Marriage registrar (penghulu)"), duration="Sesuai jadwal",
                 cost="Gratis"),
        ],
        processing_time=("Daftar paling lambat 10 hari kerja sebelum akad; buku nikah diterima "
                         "saat akad",
                         "Register at least 10 working days before the ceremony; the marriage "
                         "books are handed over at the ceremony"),
        fee=free(KEMENAG_PNBP,
                 ("Gratis bila akad di kantor KUA pada hari dan jam kerja. Rp600.000 bila akad di "
                  "luar kantor KUA atau di luar jam kerja, disetor langsung ke kas negara lewat "
                  "bank; tidak ada pungutan lain.",
                  "Free if the ceremony is held at the KUA office during working hours. "
                  "Rp600,000 if it is held elsewhere or outside working hours, paid straight to "
                  "the state treasury through a bank; there are no other charges.")),
        product=("Buku nikah (suami dan istri) dan kartu nikah digital",
                 "Marriage books (husband and wife) and a digital marriage card"),
        legal_basis=("UU 1/1974 jo. UU 16/2019 tentang Perkawinan; Peraturan Menteri Agama "
                     "tentang Pencatatan Pernikahan; " + KEMENAG_PNBP),
        elsewhere=(("Pemeriksaan calon pengantin dan wali, bimbingan perkawinan, dan akad nikah "
                    "dilakukan oleh KUA kecamatan tempat akad.",
                    "The interview of the couple and guardian, the pre-marriage course and the "
                    "ceremony are conducted by the KUA of the sub-district where the ceremony "
                    "takes place."), c["kua"]),
        online=(None, ("Pendaftaran juga dapat dilakukan sendiri lewat SIMKAH Kementerian Agama.",
                       "You can also register yourselves through the Ministry of Religious "
                       "Affairs' SIMKAH system.")),
        life_events=["menikah"],
        keywords=["nikah", "daftar nikah", "pendaftaran nikah", "kua", "nikah kua", "buku nikah",
                  "syarat nikah", "n1", "kawin", "akad nikah", "menikah", "surat nikah"],
    )

    c.service(
        slug="duplikat-buku-nikah", agency="kemenag", queue_prefix="G",
        name=("Duplikat buku nikah (hilang atau rusak)", "Duplicate marriage book (lost or "
                                                          "damaged)"),
        summary=("Penerbitan duplikat buku nikah bagi pasangan yang pernikahannya dicatat di KUA "
                 f"dalam wilayah {regency_id}. Berkas diteruskan gerai ke KUA tempat menikah.",
                 "A duplicate marriage book for couples whose marriage was registered at a KUA "
                 f"in {regency_en}. The counter forwards your documents to that KUA."),
        requirements=[
            req(("Surat keterangan kehilangan dari kepolisian", "Police loss report"),
                form="original", condition=("buku nikah hilang", "the book was lost"),
                source="Kepolisian sektor (polsek) atau polres terdekat"),
            req(("Buku nikah yang rusak", "The damaged marriage book"), form="original",
                condition=("buku nikah rusak", "the book is damaged")),
            req(("KTP-el suami dan istri", "Husband's and wife's KTP-el"),
                form="copy", qty=2),
            kk(form="copy"),
            req(("Pas foto berwarna 2×3, latar biru", "Colour photo, 2×3 cm, blue background"),
                form="original", qty=2, detail=("Dua lembar untuk suami dan dua untuk istri.",
                                                "Two for the husband and two for the wife."),
                source="Studio foto"),
        ],
        steps=[
            queue_step(c, "G"),
            step(("Serahkan berkas", "Hand in your documents"), location=gerai,
                 actor="Pemohon", duration="±10 menit", cost="Gratis"),
            step(("Pencocokan dengan akta nikah di KUA", "Check against the marriage register "
                                                        "at the KUA"),
                 location=("KUA kecamatan tempat menikah", "KUA where the marriage was "
                                                           "registered"),
                 actor=officer, duration="2–3 hari kerja", cost="Gratis"),
            step(("Ambil duplikat buku nikah", "Collect the duplicate"),
                 detail=("Anda dikabari lewat pesan singkat saat duplikat siap.",
                         "You get a text message when it is ready."),
                 location=gerai, actor="Pemohon", duration="±5 menit", cost="Gratis"),
        ],
        processing_time=("±3 hari kerja", "About 3 working days"),
        fee=free(KEMENAG_PNBP),
        product=("Duplikat buku nikah", "Duplicate marriage book"),
        legal_basis="UU 1/1974 tentang Perkawinan; Peraturan Menteri Agama tentang Pencatatan "
                    "Pernikahan",
        life_events=["dokumen-hilang", "menikah"],
        keywords=["buku nikah hilang", "duplikat buku nikah", "buku nikah rusak",
                  "ganti buku nikah", "kehilangan buku nikah", "surat nikah hilang",
                  "akta nikah hilang"],
    )


def _bpjs(c: SiteContext) -> None:
    kes = c.gerai("bpjs-kesehatan")
    kes_officer = c.officer("bpjs-kesehatan")
    tk = c.gerai("bpjs-ketenagakerjaan")
    tk_officer = c.officer("bpjs-ketenagakerjaan")
    mobile_jkn = ("https://www.bpjs-kesehatan.go.id",
                  ("Juga bisa lewat aplikasi Mobile JKN atau PANDAWA (WhatsApp 08118165165).",
                   "Also possible through the Mobile JKN app or PANDAWA (WhatsApp "
                   "08118165165)."))
    jkn_card = req(("Kartu JKN-KIS atau NIK peserta", "JKN-KIS card or the member's NIK"),
                   form="original",
                   detail=("Kartu digital di aplikasi Mobile JKN juga diterima.",
                           "The digital card in the Mobile JKN app is also accepted."))
    c.service(
        slug="bpjs-kesehatan-pendaftaran", agency="bpjs-kesehatan", queue_prefix="H",
        name=("Pendaftaran peserta BPJS Kesehatan mandiri (JKN-KIS)",
              "Joining BPJS Kesehatan as a self-paying member (JKN-KIS)"),
        summary=("Pendaftaran Peserta Bukan Penerima Upah (pekerja mandiri) dan keluarganya ke "
                 "program JKN. Semua anggota keluarga dalam satu KK wajib didaftarkan bersama.",
                 "Registration of self-employed people and their families in the national "
                 "health insurance (JKN). Everyone on the same family card must be registered "
                 "together."),
        requirements=[
            kk(detail=("Semua anggota keluarga di KK didaftarkan sekaligus.",
                       "All family members on the KK are registered together.")),
            ktp(whose=("KTP-el atau NIK setiap anggota keluarga",
                       "KTP-el or NIK of each family member")),
            req(("Alamat email dan nomor ponsel aktif", "An active email address and mobile "
                                                       "number"), form="digital"),
            req(("Buku tabungan untuk pembayaran iuran autodebet",
                 "Bank book for paying contributions by direct debit"),
                form="copy", optional=True, source="Bank tempat Anda menabung"),
        ],
        steps=[
            queue_step(c, "H"),
            step(("Isi daftar isian peserta dan pilih kelas rawat serta faskes pertama",
                  "Fill in the membership form and choose a care class and primary clinic"),
                 location=kes, actor="Pemohon", duration="±10 menit", cost="Gratis"),
            step(("Verifikasi NIK dan penerbitan nomor virtual account",
                  "NIK verification and issue of a virtual account number"),
                 location=kes, actor=kes_officer, duration="±10 menit", cost="Gratis"),
            step(("Bayar iuran pertama", "Pay the first contribution"),
                 detail=("Iuran pertama dapat dibayar paling cepat 14 hari setelah pendaftaran; "
                         "kartu aktif setelah pembayaran.",
                         "The first contribution can be paid no sooner than 14 days after "
                         "registering; the card becomes active once it is paid."),
                 location="Bank atau kantor pos", actor="Peserta", duration="±5 menit",
                 cost="Sesuai tarif"),
            step(("Unduh kartu digital di Mobile JKN", "Download the digital card in Mobile JKN"),
                 location="Ponsel pemohon", actor="Peserta", duration="±5 menit", cost="Gratis"),
        ],
        processing_time=("Pendaftaran ±20 menit; kartu aktif setelah iuran pertama dibayar",
                         "About 20 minutes to register; the card is active once the first "
                         "contribution is paid"),
        fee=free(JKN_LAW.split("; ")[-1],
                 ("Pendaftaran gratis. Iuran per orang per bulan: Kelas I Rp150.000, Kelas II "
                  "Rp100.000, Kelas III Rp42.000 (peserta membayar Rp35.000, sisanya dibantu "
                  "pemerintah).",
                  "Joining is free. Monthly contribution per person: Class I Rp150,000, "
                  "Class II Rp100,000, Class III Rp42,000 (members pay Rp35,000; the government "
                  "pays the rest).")),
        product=("Kartu peserta JKN-KIS (digital)", "JKN-KIS membership card (digital)"),
        legal_basis=JKN_LAW, online=mobile_jkn,
        life_events=["kesehatan"],
        keywords=["bpjs", "bpjs kesehatan", "daftar bpjs", "bpjs mandiri", "kis", "jkn",
                  "jkn-kis", "kartu indonesia sehat", "bikin bpjs", "asuransi kesehatan",
                  "bpjs keluarga"],
    )

    c.service(
        slug="bpjs-kesehatan-pindah-faskes", agency="bpjs-kesehatan", queue_prefix="H",
        name=("Pindah faskes tingkat pertama BPJS Kesehatan",
              "Changing your BPJS Kesehatan primary clinic"),
        summary=("Penggantian puskesmas, klinik, atau dokter keluarga tempat Anda terdaftar. "
                 "Bisa dilakukan setelah minimal 3 bulan di faskes lama, atau kapan saja bila "
                 "pindah domisili. Faskes baru berlaku mulai tanggal 1 bulan berikutnya.",
                 "Changing the health centre, clinic or family doctor you are registered with. "
                 "Possible after at least 3 months at the current one, or at any time if you "
                 "move house. The new clinic applies from the 1st of the following month."),
        requirements=[
            jkn_card,
            ktp(),
            req(("Nama faskes tujuan", "Name of the clinic you want"),
                detail=("Pilih yang dekat rumah; daftar faskes ada di Mobile JKN.",
                        "Choose one near your home; the list is in Mobile JKN.")),
            req(("Surat keterangan domisili atau SKPWNI", "Proof of residence or certificate "
                                                          "of moving (SKPWNI)"),
                form="copy", optional=True,
                condition=("pindah faskes sebelum 3 bulan karena pindah alamat",
                           "you are changing within 3 months because you moved house"),
                source="Kantor desa/kelurahan"),
        ],
        steps=[
            queue_step(c, "H"),
            step(("Sampaikan faskes tujuan ke petugas", "Tell the officer which clinic you want"),
                 location=kes, actor="Peserta", duration="±5 menit", cost="Gratis"),
            step(("Pembaruan data faskes", "Clinic change recorded"),
                 location=kes, actor=kes_officer, duration="±10 menit", cost="Gratis"),
        ] + [step(("Cek faskes baru di Mobile JKN", "Check the new clinic in Mobile JKN"),
                  detail=("Faskes baru berlaku mulai tanggal 1 bulan berikutnya.",
                          "The new clinic applies from the 1st of next month."),
                  location="Ponsel pemohon", actor="Peserta", duration="±5 menit",
                  cost="Gratis")],
        processing_time=("±15 menit; berlaku tanggal 1 bulan berikutnya",
                         "About 15 minutes; effective from the 1st of next month"),
        fee=free("Perpres 82/2018"),
        product=("Data faskes tingkat pertama yang baru", "Updated primary clinic"),
        legal_basis=JKN_LAW, online=mobile_jkn,
        life_events=["kesehatan", "pindah-rumah"],
        keywords=["pindah faskes", "ganti faskes", "ganti puskesmas bpjs", "faskes 1",
                  "pindah klinik bpjs", "bpjs pindah", "ganti dokter bpjs", "bpjs"],
    )

    c.service(
        slug="bpjs-kesehatan-perubahan-data", agency="bpjs-kesehatan", queue_prefix="H",
        name=("Perubahan data peserta BPJS Kesehatan (tambah bayi, ubah data, ubah kelas)",
              "Updating BPJS Kesehatan membership (newborn, details, care class)"),
        summary=("Menambah anggota keluarga (bayi baru lahir paling lambat 28 hari setelah "
                 "lahir, pasangan), memperbaiki data, atau mengubah kelas rawat (paling cepat 1 "
                 "tahun sejak perubahan terakhir).",
                 "Adding family members (a newborn within 28 days of birth, a spouse), "
                 "correcting details, or changing care class (no sooner than 1 year after the "
                 "last change)."),
        requirements=[
            jkn_card,
            kk(detail=("KK terbaru yang sudah memuat anggota baru.",
                       "The latest KK, already listing the new member.")),
            req(("Akta kelahiran atau surat keterangan lahir bayi", "Baby's birth certificate "
                                                                    "or birth notification"),
                form="copy", condition=("menambah bayi baru lahir", "you are adding a newborn")),
            req(("Buku nikah", "Marriage book"), form="copy",
                condition=("menambah suami atau istri", "you are adding a husband or wife")),
            req(("Dokumen pendukung perbaikan data", "Document supporting the correction"),
                form="copy", optional=True,
                condition=("memperbaiki nama, tanggal lahir, atau alamat",
                           "you are correcting a name, date of birth or address")),
        ],
        steps=[
            queue_step(c, "H"),
            step(("Serahkan berkas dan sebutkan perubahan", "Hand in your documents and say "
                                                            "what changes"),
                 location=kes, actor="Peserta", duration="±5 menit", cost="Gratis"),
            step(("Verifikasi dan pembaruan data", "Verification and update"),
                 location=kes, actor=kes_officer, duration="±15 menit", cost="Gratis"),
            step(("Cek data baru di Mobile JKN", "Check the new details in Mobile JKN"),
                 location="Ponsel pemohon", actor="Peserta", duration="±5 menit", cost="Gratis"),
        ],
        processing_time=("±20 menit", "About 20 minutes"),
        fee=free("Perpres 82/2018",
                 ("Tidak dipungut biaya; anggota yang ditambahkan membayar iuran sesuai kelas.",
                  "No charge; added members pay contributions for their class.")),
        product=("Data kepesertaan JKN yang sudah diperbarui", "Updated JKN membership"),
        legal_basis=JKN_LAW, online=mobile_jkn,
        life_events=["punya-anak", "menikah", "kesehatan"],
        keywords=["tambah anggota bpjs", "daftar bayi bpjs", "bpjs bayi", "ubah data bpjs",
                  "ganti kelas bpjs", "turun kelas bpjs", "update bpjs", "bpjs", "kis", "jkn"],
    )

    c.service(
        slug="klaim-jht", agency="bpjs-ketenagakerjaan", queue_prefix="J", availability="info",
        name=("Klaim Jaminan Hari Tua (JHT) BPJS Ketenagakerjaan",
              "Claiming Old-Age Savings (JHT) from BPJS Ketenagakerjaan"),
        summary=("Informasi pencairan JHT bagi peserta yang berhenti bekerja, terkena PHK, "
                 "mencapai usia pensiun, atau akan menetap di luar negeri. Klaim diajukan lewat "
                 "aplikasi JMO atau antrean daring di kantor cabang; gerai MPP membantu "
                 "menyiapkan berkas dan memakai aplikasi.",
                 "Information on withdrawing JHT savings for members who have stopped working, "
                 "been laid off, reached retirement age or are emigrating. Claims are made "
                 "through the JMO app or by booking online at the branch office; the MPP "
                 "counter helps you prepare documents and use the app."),
        requirements=[
            req(("Kartu peserta BPJS Ketenagakerjaan atau nomor KPJ",
                 "BPJS Ketenagakerjaan card or membership (KPJ) number"), form="original"),
            ktp(),
            kk(),
            req(("Surat keterangan berhenti bekerja (paklaring) atau bukti PHK",
                 "Letter of end of employment or proof of dismissal"),
                form="original", source="Perusahaan tempat bekerja"),
            req(("Buku tabungan atas nama peserta", "Bank book in the member's name"),
                form="original", source="Bank tempat Anda menabung"),
            req(("NPWP (NIK yang sudah dipadankan)", "Tax number (NIK linked as NPWP)"),
                condition=("saldo JHT di atas Rp50.000.000", "the balance exceeds Rp50,000,000")),
        ],
        steps=[
            step(("Konsultasi dan cek kelengkapan berkas di gerai",
                  "Consultation and document check at the counter"),
                 location=tk, actor=tk_officer, duration="±15 menit", cost="Gratis"),
            step(("Ajukan klaim di aplikasi JMO", "Submit the claim in the JMO app"),
                 detail=("Ikuti verifikasi wajah; bila saldo di atas batas klaim JMO, pesan "
                         "antrean di kantor cabang.",
                         "Complete the face verification; if the balance is above the JMO claim "
                         "limit, book a slot at the branch office."),
                 location="Ponsel pemohon", actor="Peserta", duration="±20 menit", cost="Gratis"),
            step(("Wawancara daring atau di kantor cabang bila diminta",
                  "Online or branch-office interview if requested"),
                 location=(c.short("bpjs-ketenagakerjaan")[0] + " kantor cabang",
                           c.short("bpjs-ketenagakerjaan")[1] + " branch office"),
                 actor="Peserta", duration="Sesuai jadwal", cost="Gratis"),
            step(("Dana JHT masuk ke rekening", "JHT paid into your account"),
                 location=("Rekening peserta", "Member's bank account"), actor="Peserta",
                 duration="Sesuai jadwal", cost="Gratis"),
        ],
        processing_time=("Umumnya 5 hari kerja setelah berkas dinyatakan lengkap",
                         "Usually 5 working days after the documents are accepted"),
        fee=free("UU 24/2011",
                 ("Hati-hati calo yang meminta potongan dari saldo JHT.",
                  "Beware of brokers who ask for a cut of your savings.")),
        product=("Pencairan saldo JHT ke rekening peserta", "JHT balance paid to the member's "
                                                            "account"),
        legal_basis=BPJSTK_LAW,
        elsewhere=(("Klaim diajukan lewat aplikasi JMO atau di kantor cabang BPJS "
                    "Ketenagakerjaan dengan antrean daring; gerai MPP hanya memberi informasi "
                    "dan pendampingan.",
                    "Claims are made through the JMO app or at the BPJS Ketenagakerjaan branch "
                    "office with an online booking; the MPP counter only gives information "
                    "and help."), c.office("bpjs-ketenagakerjaan")),
        online=("https://www.bpjsketenagakerjaan.go.id",
                ("Klaim JHT lewat aplikasi JMO (Jamsostek Mobile).",
                 "Claim JHT through the JMO (Jamsostek Mobile) app.")),
        life_events=["kerja"],
        keywords=["jht", "klaim jht", "cairkan jht", "pencairan bpjs tk", "bpjs ketenagakerjaan",
                  "jamsostek", "jmo", "resign", "phk", "jaminan hari tua", "bpjs tk"],
    )

    c.service(
        slug="bpjs-ketenagakerjaan-bpu", agency="bpjs-ketenagakerjaan", queue_prefix="J",
        name=("Pendaftaran BPJS Ketenagakerjaan pekerja mandiri (BPU)",
              "Joining BPJS Ketenagakerjaan as a self-employed worker (BPU)"),
        summary=("Perlindungan jaminan kecelakaan kerja (JKK) dan jaminan kematian (JKM), dapat "
                 "ditambah JHT, bagi petani, nelayan, pedagang, pengemudi ojek, dan pekerja "
                 "mandiri lain. Iuran mulai Rp16.800 per bulan.",
                 "Work accident (JKK) and death (JKM) cover, optionally with old-age savings "
                 "(JHT), for farmers, fishers, traders, motorcycle-taxi drivers and other "
                 "self-employed workers. Contributions from Rp16,800 a month."),
        requirements=[
            ktp(),
            req(("Nomor ponsel dan alamat email aktif", "An active mobile number and email "
                                                       "address"), form="digital"),
            req(("Keterangan pekerjaan dan penghasilan per bulan",
                 "Your occupation and monthly income"),
                detail=("Penghasilan yang dilaporkan menentukan besar iuran.",
                        "The income you declare sets the contribution.")),
            req(("Nama dan NIK ahli waris", "Name and NIK of your beneficiary"),
                detail=("Untuk pembayaran manfaat JKM.", "For paying the death benefit.")),
        ],
        steps=[
            queue_step(c, "J"),
            step(("Isi formulir dan pilih program", "Fill in the form and choose the programmes"),
                 location=tk, actor="Peserta", duration="±10 menit", cost="Gratis"),
            step(("Bayar iuran pertama", "Pay the first contribution"),
                 location=tk, actor="Peserta", duration="±5 menit", cost="Sesuai tarif"),
            step(("Aktifkan kartu digital di aplikasi JMO", "Activate the digital card in the JMO "
                                                            "app"),
                 location="Ponsel pemohon", actor="Peserta", duration="±5 menit", cost="Gratis"),
        ],
        processing_time=("±20 menit; perlindungan aktif setelah iuran pertama dibayar",
                         "About 20 minutes; cover starts once the first contribution is paid"),
        fee=free("PP 44/2015",
                 ("Pendaftaran gratis. Iuran mulai Rp16.800 per bulan (JKK Rp10.000 dan JKM "
                  "Rp6.800 untuk penghasilan Rp1.000.000); JHT opsional 2% dari penghasilan "
                  "yang dilaporkan.",
                  "Joining is free. Contributions from Rp16,800 a month (JKK Rp10,000 and JKM "
                  "Rp6,800 for a declared income of Rp1,000,000); optional JHT at 2% of declared "
                  "income.")),
        product=("Kartu peserta BPJS Ketenagakerjaan (digital)", "BPJS Ketenagakerjaan "
                                                                 "membership card (digital)"),
        legal_basis=BPJSTK_LAW,
        online=("https://www.bpjsketenagakerjaan.go.id",
                ("Bisa daftar sendiri lewat aplikasi JMO.", "You can also join through the JMO "
                                                            "app.")),
        life_events=["kerja", "kesehatan"],
        keywords=["bpjs tk mandiri", "bpu", "bukan penerima upah",
                  "bpjs ketenagakerjaan mandiri",
                  "daftar bpjs ketenagakerjaan", "bpjs petani", "bpjs ojol", "jkk", "jkm",
                  "jaminan kecelakaan kerja", "bpjs ketenagakerjaan", "jamsostek"],
    )


def _utilities(c: SiteContext) -> None:
    pdam = c.gerai("pdam")
    pdam_officer = c.officer("pdam")
    pdam_id, pdam_en = c["pdam_name"]
    fee_id, fee_en = rupiah(c["pdam_fee"])
    tariff = f"Peraturan Bupati {c.place} tentang tarif air minum {pdam_id}"
    c.service(
        slug="pdam-sambungan-baru", agency="pdam", queue_prefix="K",
        name=("Pasang baru sambungan air PDAM", "New piped water connection"),
        summary=(f"Pendaftaran sambungan air minum baru dari {pdam_id} untuk rumah tinggal atau "
                 "usaha, termasuk pemasangan meter air.",
                 f"Application for a new drinking-water connection from {pdam_en} for a home or "
                 "business, including fitting the water meter."),
        requirements=[
            ktp(form="copy"),
            req(("SPPT PBB atau bukti kepemilikan rumah", "Property tax bill (SPPT PBB) or "
                                                          "proof of home ownership"),
                form="copy"),
            req(("Denah lokasi rumah dan patokan terdekat", "Sketch map of the house and nearest "
                                                           "landmark"),
                form="original",
                detail=("Boleh berupa titik lokasi di peta ponsel.",
                        "A location pin on your phone's map is fine.")),
            req(("Surat persetujuan pemilik rumah", "Consent of the property owner"),
                form="original", condition=("rumah sewa atau milik orang lain",
                                            "the house is rented or owned by someone else")),
            req(("Nomor ponsel aktif", "An active mobile number"),
                detail=("Untuk janji survei dan pemasangan.", "For arranging the survey and "
                                                              "installation.")),
        ],
        steps=[
            queue_step(c, "K"),
            step(("Isi formulir pendaftaran", "Fill in the application form"),
                 location=pdam, actor="Pemohon", duration="±10 menit", cost="Gratis"),
            step(("Survei lokasi", "Site survey"),
                 detail=("Petugas memeriksa jarak ke pipa distribusi dan tekanan air.",
                         "An officer checks the distance to the mains and the water pressure."),
                 location="Lokasi pemasangan", actor="Petugas lapangan",
                 duration="1–3 hari kerja", cost="Gratis"),
            step(("Bayar biaya sambungan", "Pay the connection fee"),
                 location=pdam, actor="Pemohon", duration="±10 menit", cost="Sesuai tarif"),
            step(("Pemasangan pipa dan meter air", "Pipe and meter installation"),
                 location="Lokasi pemasangan", actor="Petugas lapangan",
                 duration=("±7 hari kerja setelah bayar", "about 7 working days after payment"),
                 cost="Gratis"),
        ],
        processing_time=("±7–14 hari kerja sejak pembayaran, tergantung jarak ke jaringan pipa",
                         "About 7–14 working days after payment, depending on the distance to "
                         "the mains"),
        fee=paid(c["pdam_fee"],
                 (f"Biaya sambungan baru rumah tangga {fee_id}, termasuk meter air dan pipa dinas "
                  "standar; kelebihan panjang pipa dan galian dihitung saat survei.",
                  f"Household connection fee {fee_en}, including the water meter and standard "
                  "service pipe; extra pipe length and digging are costed at the survey."),
                 tariff),
        product=("Sambungan air dan meter air terpasang", "Water connection with a meter "
                                                          "installed"),
        legal_basis="UU 17/2019 tentang Sumber Daya Air; " + tariff,
        life_events=["bangun-rumah", "pindah-rumah"],
        keywords=["pdam", "pasang pdam", "sambungan baru pdam", "pasang air", "air ledeng",
                  "air bersih", "langganan pdam", "meteran air", "pasang baru air"],
    )

    c.service(
        slug="pdam-pembayaran-pengaduan", agency="pdam", queue_prefix="K",
        name=("Pembayaran rekening air dan pengaduan pelanggan PDAM",
              "Paying water bills and customer complaints"),
        summary=("Bayar tagihan air, laporkan air mati, keruh, pipa bocor, meter rusak, atau "
                 "tagihan yang tidak wajar, dan urus balik nama pelanggan.",
                 "Pay your water bill; report no water, cloudy water, leaking pipes, a broken "
                 "meter or an unusual bill; and transfer the account to a new name."),
        requirements=[
            req(("Nomor pelanggan atau rekening air bulan lalu", "Customer number or last "
                                                                 "month's bill"),
                form="original"),
            ktp(form="copy", condition=("menyampaikan pengaduan atau balik nama",
                                        "you are making a complaint or transferring the "
                                        "account")),
            req(("Foto atau video masalah", "Photo or video of the problem"), form="digital",
                optional=True,
                detail=("Misalnya kebocoran atau angka meter.", "For example the leak or the "
                                                                "meter reading.")),
            req(("Bukti jual beli atau ahli waris", "Proof of sale or of inheritance"),
                form="copy",
                condition=("balik nama pelanggan",
                           "you are transferring the account to a new name")),
        ],
        steps=[
            queue_step(c, "K", online=False),
            step(("Bayar tagihan atau sampaikan pengaduan", "Pay the bill or make your complaint"),
                 location=pdam, actor="Pelanggan", duration="±5 menit", cost="Sesuai tagihan"),
            step(("Terima bukti bayar atau nomor pengaduan", "Get your receipt or complaint "
                                                            "number"),
                 location=pdam, actor=pdam_officer, duration="±5 menit", cost="Gratis"),
            step(("Tindak lanjut oleh petugas lapangan", "Follow-up by field staff"),
                 detail=("Perbaikan kebocoran atau pengecekan meter biasanya 1–3 hari kerja.",
                         "Leak repairs or meter checks usually take 1–3 working days."),
                 location="Lokasi pemasangan", actor="Petugas lapangan",
                 duration="1–3 hari kerja", cost="Gratis"),
        ],
        processing_time=("Pembayaran ±5 menit; pengaduan ditindaklanjuti 1–3 hari kerja",
                         "Payment about 5 minutes; complaints followed up in 1–3 working days"),
        fee=free(tariff,
                 ("Tanpa biaya administrasi di gerai; yang dibayar hanya tagihan air dan denda "
                  "bila terlambat.",
                  "No admin fee at the counter; you only pay the water bill, plus a penalty if "
                  "it is late.")),
        product=("Bukti pembayaran atau nomor tiket pengaduan", "Payment receipt or complaint "
                                                               "ticket number"),
        legal_basis=tariff,
        life_events=["pajak"],
        keywords=["bayar pdam", "bayar air", "tagihan pdam", "air mati", "air keruh",
                  "pipa bocor", "meteran rusak", "pengaduan pdam", "tagihan air mahal",
                  "balik nama pdam"],
    )

    pln = c.gerai("pln")
    pln_mobile = ("https://www.pln.co.id",
                  ("Bisa diajukan sendiri lewat aplikasi PLN Mobile, sering dengan potongan "
                   "harga.", "You can apply yourself through the PLN Mobile app, often at a "
                             "discount."))
    c.service(
        slug="pln-pasang-baru", agency="pln", queue_prefix="L",
        name=("Pasang baru listrik PLN", "New electricity connection"),
        summary=("Permohonan sambungan listrik baru, prabayar (token) atau pascabayar, untuk "
                 "rumah atau usaha.",
                 "Application for a new electricity connection, prepaid (token) or postpaid, "
                 "for a home or business."),
        requirements=[
            ktp(),
            req(("Sertifikat Laik Operasi (SLO) instalasi listrik", "Certificate of fitness "
                                                                    "(SLO) for the wiring"),
                form="original",
                detail=("Instalasi dalam rumah dipasang instalatir bersertifikat, lalu diperiksa "
                        "lembaga inspeksi teknik yang menerbitkan SLO.",
                        "The house wiring is done by a certified electrician and then inspected "
                        "by a technical inspection body, which issues the SLO."),
                source=("Biro instalatir listrik dan lembaga inspeksi teknik terakreditasi",
                        "An electrical contractor and an accredited inspection body")),
            req(("Alamat lengkap dan titik lokasi", "Full address and map location"),
                detail=("Sertakan patokan dan nomor rumah tetangga yang sudah berlangganan.",
                        "Include a landmark and a neighbour's customer number if possible.")),
            req(("Alamat email dan nomor ponsel aktif", "An active email address and mobile "
                                                       "number"), form="digital"),
            req(("NIB atau NPWP badan usaha", "Business NIB or company tax number"), form="copy",
                condition=("sambungan untuk usaha", "the connection is for a business")),
        ],
        steps=[
            queue_step(c, "L"),
            step(("Daftar dan pilih daya serta jenis layanan", "Apply and choose the capacity "
                                                              "and payment type"),
                 location=pln, actor="Pemohon", duration="±15 menit", cost="Gratis"),
            step(("Bayar biaya penyambungan", "Pay the connection fee"),
                 location="Bank atau kantor pos", actor="Pemohon", duration="±10 menit",
                 cost="Sesuai tarif"),
            step(("Pemasangan kWh meter", "Meter installation"),
                 location="Lokasi pemasangan", actor="Petugas lapangan",
                 duration=("3–5 hari kerja setelah bayar", "3–5 working days after payment"),
                 cost="Gratis"),
            step(("Listrik menyala; isi token perdana (prabayar)",
                  "Power on; top up the first token (prepaid)"),
                 location="Lokasi pemasangan", actor="Pelanggan", duration="±10 menit",
                 cost="Sesuai tarif"),
        ],
        processing_time=("3–5 hari kerja setelah pembayaran bila jaringan tersedia",
                         "3–5 working days after payment where the network reaches"),
        fee=paid(843_000,
                 ("Biaya penyambungan sesuai daya: 900 VA Rp843.000; 1.300 VA Rp1.202.500; "
                  "2.200 VA Rp2.035.000. Pascabayar juga membayar uang jaminan langganan; "
                  "prabayar membeli token perdana. Instalasi rumah dan SLO dibayar ke instalatir "
                  "dan lembaga inspeksi.",
                  "Connection fee by capacity: 900 VA Rp843,000; 1,300 VA Rp1,202,500; 2,200 VA "
                  "Rp2,035,000. Postpaid customers also pay a deposit; prepaid customers buy a "
                  "first token. House wiring and the SLO are paid to the electrician and the "
                  "inspection body."), "Permen ESDM 27/2017"),
        product=("Sambungan listrik dan kWh meter terpasang", "Electricity connection with a "
                                                              "meter installed"),
        legal_basis=PLN_LAW, online=pln_mobile,
        life_events=["bangun-rumah", "pindah-rumah", "buka-usaha"],
        keywords=["pasang listrik", "pasang baru pln", "listrik baru", "sambung listrik",
                  "meteran listrik", "pln", "pasang meteran", "token perdana", "slo"],
    )

    c.service(
        slug="pln-tambah-daya", agency="pln", queue_prefix="L",
        name=("Tambah daya listrik PLN", "Increasing your electricity capacity"),
        summary=("Menaikkan daya listrik, misalnya dari 900 VA ke 1.300 VA, bila listrik sering "
                 "turun (MCB jatuh) karena pemakaian bertambah.",
                 "Raising your connected capacity, e.g. from 900 VA to 1,300 VA, if the power "
                 "keeps tripping because you use more appliances."),
        requirements=[
            req(("ID pelanggan atau nomor meter", "Customer ID or meter number"),
                detail=("12 digit, tertera di meter atau struk token.",
                        "12 digits, shown on the meter or a token receipt.")),
            ktp(whose=("KTP-el pemohon (sebaiknya pemilik rumah)",
                       "Applicant's KTP-el (preferably the homeowner)")),
            req(("SLO instalasi yang baru", "A new SLO for the wiring"), form="original",
                condition=("instalasi rumah diubah atau diminta petugas",
                           "the house wiring is changed or the officer asks for it"),
                source=("Lembaga inspeksi teknik terakreditasi", "An accredited inspection "
                                                                 "body")),
            req(("Nomor ponsel aktif", "An active mobile number"), form="digital"),
        ],
        steps=[
            queue_step(c, "L"),
            step(("Ajukan tambah daya", "Apply for the increase"),
                 location=pln, actor="Pelanggan", duration="±10 menit", cost="Gratis"),
            step(("Bayar biaya tambah daya", "Pay the upgrade fee"),
                 location="Bank atau kantor pos", actor="Pelanggan", duration="±10 menit",
                 cost="Sesuai tarif"),
            step(("Penggantian MCB atau meter", "Replacement of the breaker or meter"),
                 location="Lokasi pemasangan", actor="Petugas lapangan",
                 duration=("1–3 hari kerja setelah bayar", "1–3 working days after payment"),
                 cost="Gratis"),
        ],
        processing_time=("1–3 hari kerja setelah pembayaran", "1–3 working days after payment"),
        fee=paid(359_500,
                 ("Biaya = selisih biaya penyambungan daya baru dan daya lama. Contoh: 900 VA ke "
                  "1.300 VA Rp359.500; 1.300 VA ke 2.200 VA Rp832.500.",
                  "Fee = the difference between the connection fees of the new and old "
                  "capacity. Examples: 900 VA to 1,300 VA Rp359,500; 1,300 VA to 2,200 VA "
                  "Rp832,500."), "Permen ESDM 27/2017"),
        product=("Daya listrik baru", "Higher electricity capacity"),
        legal_basis=PLN_LAW, online=pln_mobile,
        life_events=["bangun-rumah", "buka-usaha"],
        keywords=["tambah daya", "naik daya", "tambah daya listrik", "naikkan daya pln",
                  "listrik sering turun", "mcb turun", "sering anjlok", "daya listrik", "pln"],
    )


def _pos_and_bank(c: SiteContext) -> None:
    pos = c.gerai("pos")
    c.service(
        slug="pos-pengiriman", agency="pos", queue_prefix="M",
        name=("Pengiriman surat dan paket", "Sending letters and parcels"),
        summary=("Pengiriman surat, dokumen, dan paket ke seluruh Indonesia dan luar negeri, "
                 "dengan nomor resi yang bisa dilacak.",
                 "Sending letters, documents and parcels anywhere in Indonesia and abroad, with "
                 "a trackable receipt number."),
        requirements=[
            req(("Barang yang sudah dikemas rapi", "The item, properly packed"),
                detail=("Petugas dapat memeriksa isi; barang mudah pecah diberi label.",
                        "The clerk may check the contents; fragile items are labelled.")),
            req(("Nama, alamat lengkap dengan kode pos, dan nomor ponsel penerima",
                 "Recipient's name, full address with postcode, and mobile number")),
            ktp(condition=("kiriman ke luar negeri atau barang berharga",
                           "the item is going abroad or is valuable")),
            req(("Daftar isi dan nilai barang (formulir CN22/CN23)",
                 "Customs declaration (form CN22/CN23)"),
                form="original", condition=("kiriman ke luar negeri", "the item is going abroad"),
                source="Disediakan di gerai"),
        ],
        steps=[
            queue_step(c, "M", online=False),
            step(("Timbang dan pilih layanan", "Weigh the item and choose a service"),
                 location=pos, actor="Petugas loket", duration="±5 menit", cost="Gratis"),
            step(("Bayar ongkos kirim", "Pay the postage"), location=pos, actor="Pemohon",
                 duration="±5 menit", cost="Sesuai tarif"),
            step(("Terima resi dan lacak kiriman", "Get your receipt and track the item"),
                 location=pos, actor="Pemohon", duration="±2 menit", cost="Gratis"),
        ],
        processing_time=("±10 menit di loket; waktu tempuh sesuai layanan dan tujuan",
                         "About 10 minutes at the counter; delivery time depends on the service "
                         "and destination"),
        fee=paid(10_000,
                 ("Tarif mulai ±Rp10.000 per kilogram dalam provinsi; tergantung berat, ukuran, "
                  "tujuan, dan jenis layanan. Asuransi barang opsional.",
                  "From about Rp10,000 per kilogram within the province; depends on weight, "
                  "size, destination and service. Insurance is optional."),
                 "UU 38/2009 tentang Pos; tarif PT Pos Indonesia"),
        product=("Resi pengiriman", "Postage receipt with tracking number"),
        legal_basis="UU 38/2009 tentang Pos",
        online=("https://www.posindonesia.co.id",
                ("Cek tarif, jemput paket, dan lacak kiriman lewat aplikasi PosAja!.",
                 "Check rates, book a pick-up and track items in the PosAja! app.")),
        life_events=["buka-usaha"],
        keywords=["kirim paket", "kirim barang", "pos", "kantor pos", "ekspedisi", "kirim surat",
                  "paket", "lacak paket", "resi", "kilat khusus"],
    )

    c.service(
        slug="pos-pembayaran-wesel", agency="pos", queue_prefix="M",
        name=("Pembayaran tagihan dan kiriman uang (wesel pos)",
              "Bill payments and money transfers (postal order)"),
        summary=("Bayar tagihan listrik, air, BPJS, PBB, dan cicilan; kirim dan terima uang lewat "
                 "wesel pos; serta pengambilan bantuan sosial yang disalurkan lewat Pos.",
                 "Pay electricity, water, BPJS and property tax bills and instalments; send and "
                 "receive money by postal order; and collect social assistance paid through the "
                 "post office."),
        requirements=[
            req(("Nomor pelanggan atau kode bayar tagihan", "Customer number or payment code"),
                detail=("Misalnya ID pelanggan PLN, nomor pelanggan PDAM, nomor VA BPJS, atau NOP "
                        "PBB.",
                        "E.g. PLN customer ID, water customer number, BPJS virtual account "
                        "number or the property tax object number (NOP).")),
            ktp(condition=("mengirim atau menerima wesel, atau mengambil bantuan sosial",
                           "you are sending or receiving a postal order, or collecting "
                           "social assistance")),
            req(("Kode atau nomor wesel", "Postal order code or number"),
                condition=("menerima kiriman uang", "you are receiving money")),
            req(("Surat undangan atau barcode pengambilan bantuan", "Invitation letter or "
                                                                    "collection barcode"),
                form="original",
                condition=("mengambil bantuan sosial", "you are collecting social assistance")),
        ],
        steps=[
            queue_step(c, "M", online=False),
            step(("Sebutkan jenis pembayaran atau kiriman", "Say what you want to pay or send"),
                 location=pos, actor="Pemohon", duration="±2 menit", cost="Gratis"),
            step(("Bayar atau terima uang", "Pay or receive the money"), location=pos,
                 actor="Petugas loket", duration="±5 menit", cost="Sesuai tagihan"),
            step(("Terima struk atau bukti", "Get your receipt"), location=pos, actor="Pemohon",
                 duration="±2 menit",
                 cost="Gratis"),
        ],
        processing_time=("±10 menit", "About 10 minutes"),
        fee=paid(2_500,
                 ("Biaya administrasi ±Rp2.500–Rp5.000 per tagihan; biaya wesel sesuai nominal "
                  "kiriman. Pengambilan bantuan sosial gratis.",
                  "An admin fee of about Rp2,500–Rp5,000 per bill; postal orders are charged by "
                  "amount sent. Collecting social assistance is free."),
                 "Tarif PT Pos Indonesia"),
        product=("Struk pembayaran atau bukti wesel", "Payment receipt or postal order slip"),
        legal_basis="UU 38/2009 tentang Pos",
        life_events=["pajak"],
        keywords=["bayar listrik", "bayar pln", "bayar pdam", "bayar bpjs", "wesel", "wesel pos",
                  "kirim uang", "bayar tagihan", "bayar pbb", "bansos pos", "ambil bansos"],
    )

    bank = c["bank"]
    bank_gerai = c.gerai(bank)
    bank_id, bank_en = c["bank_name"]
    c.service(
        slug="buka-rekening-tabungan", agency=bank, queue_prefix="N",
        name=(f"Buka rekening tabungan {bank_id}", f"Opening a {bank_en} savings account"),
        summary=(f"Pembukaan rekening tabungan perorangan di {bank_id}, termasuk TabunganKu dan "
                 "tabungan pelajar (SimPel), lengkap dengan kartu debit dan mobile banking.",
                 f"Opening a personal savings account at {bank_en}, including TabunganKu and the "
                 "student savings scheme (SimPel), with a debit card and mobile banking."),
        requirements=[
            ktp(),
            req(("Setoran awal", "Opening deposit"),
                detail=("Mulai Rp20.000 untuk TabunganKu; produk lain sesuai ketentuan bank.",
                        "From Rp20,000 for TabunganKu; other products as set by the bank.")),
            req(("Nomor ponsel dan alamat email aktif", "An active mobile number and email "
                                                       "address"), form="digital"),
            req(("NPWP (NIK yang sudah dipadankan)", "Tax number (NIK linked as NPWP)"),
                optional=True,
                condition=("saldo atau transaksi rekening besar",
                           "the account will hold large balances or transactions")),
            req(("Kartu pelajar, KK, dan KTP-el orang tua/wali",
                 "Student card, family card and the parent's or guardian's KTP-el"),
                form="original_and_copy",
                condition=("membuka tabungan pelajar di bawah 17 tahun (didampingi orang tua)",
                           "you are opening a student account for someone under 17 (with a "
                           "parent present)")),
        ],
        steps=[
            queue_step(c, "N", online=False),
            step(("Isi formulir pembukaan rekening", "Fill in the account opening form"),
                 location=bank_gerai, actor="Pemohon", duration="±10 menit", cost="Gratis"),
            step(("Verifikasi identitas dan tanda tangan spesimen",
                  "Identity check and specimen signature"),
                 location=bank_gerai, actor=("Customer service bank", "Bank customer service"),
                 duration="±10 menit", cost="Gratis"),
            step(("Setor dana awal", "Make the opening deposit"), location="Teller bank di MPP",
                 actor="Pemohon", duration="±5 menit", cost=("Masuk ke saldo Anda",
                                                             "Goes into your balance")),
            step(("Terima buku tabungan dan kartu debit; aktifkan mobile banking",
                  "Collect your bank book and debit card; activate mobile banking"),
                 location=bank_gerai, actor="Pemohon", duration="±10 menit", cost="Gratis"),
        ],
        processing_time=("±30 menit", "About 30 minutes"),
        fee=free(BANK_LAW,
                 ("Tidak ada biaya pembukaan rekening. Biaya administrasi bulanan dan kartu debit "
                  "sesuai produk; TabunganKu bebas biaya administrasi bulanan.",
                  "No account opening fee. Monthly admin and debit card fees depend on the "
                  "product; TabunganKu has no monthly admin fee.")),
        product=("Buku tabungan dan kartu debit", "Bank book and debit card"),
        legal_basis=BANK_LAW,
        life_events=["kerja", "buka-usaha"],
        keywords=["buka rekening", "buka tabungan", "rekening baru", "tabungan", "atm",
                  bank_id.lower(), "tabunganku", "simpel", "kartu debit", "rekening bank"],
    )

    pbb_law = "UU 1/2022 tentang Hubungan Keuangan antara Pemerintah Pusat dan Pemerintahan " \
              "Daerah; " + c["perda_pdrd"]
    c.service(
        slug="bank-pembayaran-pbb-pajak-daerah", agency=bank, queue_prefix="N",
        name=(f"Pembayaran PBB-P2 dan pajak daerah di {bank_id}",
              f"Paying property tax (PBB-P2) and local taxes at {bank_en}"),
        summary=(f"Pembayaran PBB, BPHTB, pajak daerah lain, dan retribusi {c['regency'][0]} "
                 f"di teller {bank_id}, bank persepsi pemerintah daerah.",
                 f"Payment of property tax (PBB), BPHTB, other local taxes and levies of "
                 f"{c['regency'][1]} at the {bank_en} teller, the regency's collecting bank."),
        requirements=[
            req(("SPPT PBB tahun berjalan atau Nomor Objek Pajak (NOP)",
                 "This year's property tax bill (SPPT PBB) or the tax object number (NOP)"),
                form="original", group=1,
                detail=("NOP terdiri atas 18 digit.", "The NOP has 18 digits.")),
            req(("Kode bayar (billing) pajak daerah atau retribusi",
                 "Payment (billing) code for the local tax or levy"),
                form="original", group=1,
                condition=("membayar BPHTB, pajak daerah lain, atau retribusi",
                           "you are paying BPHTB, another local tax or a levy"),
                source=("Gerai Bapenda di MPP", "The Revenue Agency counter at the MPP")),
            req(("Uang tunai atau kartu debit", "Cash or a debit card")),
        ],
        steps=[
            queue_step(c, "N", online=False),
            step(("Serahkan SPPT atau kode bayar ke teller", "Give the SPPT or payment code to "
                                                             "the teller"),
                 location="Teller bank di MPP", actor="Wajib pajak", duration="±2 menit",
                 cost="Gratis"),
            step(("Teller menampilkan tagihan dan denda", "The teller shows the amount and any "
                                                          "penalty"),
                 location="Teller bank di MPP", actor="Teller bank", duration="±3 menit",
                 cost="Gratis"),
            step(("Bayar dan terima bukti setor (STTS)", "Pay and collect the payment receipt "
                                                         "(STTS)"),
                 location="Teller bank di MPP", actor="Wajib pajak", duration="±5 menit",
                 cost="Sesuai SPPT"),
        ],
        processing_time=("±10 menit", "About 10 minutes"),
        fee=free(pbb_law.split("; ")[-1],
                 ("Tanpa biaya administrasi; Anda membayar pajak sesuai tagihan, ditambah denda "
                  "1% per bulan bila lewat jatuh tempo.",
                  "No admin fee; you pay the tax as billed, plus a 1% monthly penalty if it is "
                  "overdue.")),
        product=("Bukti pembayaran (STTS) yang sah", "Official payment receipt (STTS)"),
        legal_basis=pbb_law,
        life_events=["pajak", "bangun-rumah"],
        keywords=["bayar pbb", "pbb", "pajak bumi", "pajak rumah", "bayar pajak tanah", "sppt",
                  "bayar pajak daerah", "bayar bphtb", "stts", bank_id.lower()],
    )
