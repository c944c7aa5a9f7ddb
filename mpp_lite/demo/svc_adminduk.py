"""Population and civil registration (administrasi kependudukan): Disdukcapil services."""
from __future__ import annotations

from .builders import free, req, step
from .common import in_person, kk, ktp, phone_number, proxy_letter, queue_step
from .context import SiteContext

AG = "disdukcapil"
LAW = ("UU 23/2006 jo. UU 24/2013 tentang Administrasi Kependudukan; Perpres 96/2018 tentang "
       "Persyaratan dan Tata Cara Pendaftaran Penduduk dan Pencatatan Sipil; Permendagri "
       "108/2019")


def _free():
    return free("UU 24/2013 Pasal 79A",
                ("Jika ada yang meminta bayaran, laporkan ke meja pengaduan.",
                 "If anyone asks you for money, report it at the complaint desk."))


def _form(code: str, title_id: str, title_en: str):
    return req((f"Formulir {code} {title_id}", f"Form {code}, {title_en}"),
               form="original", source="Disediakan di gerai atau unduh dari situs instansi")


def _witnesses():
    return req(("Dua orang saksi beserta fotokopi KTP-el masing-masing",
                "Two witnesses, with a photocopy of each one's KTP-el"),
               form="copy", qty=2,
               detail=("Saksi berusia minimal 18 tahun dan mengetahui peristiwanya; keduanya ikut "
                       "menandatangani formulir.",
                       "Witnesses must be at least 18 and know about the event; both sign the "
                       "form."))


def _deliver(c: SiteContext, what: tuple[str, str], role: str):
    return step((f"Terima {what[0]}", f"Collect your {what[1]}"),
                detail=("Periksa ejaan nama, tanggal lahir, dan alamat sebelum meninggalkan gerai; "
                        "kesalahan yang langsung dilaporkan diperbaiki saat itu juga. Dokumen "
                        "dicetak di kertas HVS dengan tanda tangan elektronik (TTE) dan kode QR, "
                        "jadi fotokopinya tidak perlu dilegalisir.",
                        "Check the spelling of names, the date of birth and the address before "
                        "you leave; mistakes reported on the spot are fixed at once. Documents "
                        "are printed on plain paper with an electronic signature and QR code, so "
                        "copies need no certification."),
                location=c.gerai(AG, role), actor="Pemohon", duration="±5 menit", cost="Gratis")


def build(c: SiteContext) -> None:
    daftar, capil, kia = (c.gerai(AG, r) for r in ("daftar", "capil", "kia"))
    officer = c.officer(AG)
    short_id, short_en = c.short(AG)

    # --- KTP-el ------------------------------------------------------------------------------
    c.service(
        slug="ktp-el-baru", agency=AG, role="daftar", queue_prefix="A", daily_quota=100,
        name=("KTP-el baru (usia 17 tahun atau sudah menikah)",
              "New electronic ID card (KTP-el) at 17 or on marriage"),
        summary=("Perekaman data biometrik (foto, sidik jari, iris mata, tanda tangan) dan "
                 "pencetakan KTP-el pertama kali bagi penduduk yang sudah berusia 17 tahun, atau "
                 "yang sudah/pernah menikah. Perekaman boleh dilakukan sejak usia 16 tahun; kartu "
                 "dicetak setelah genap 17 tahun.",
                 "Biometric enrolment (photo, fingerprints, iris scan, signature) and printing of "
                 "a first electronic ID card for residents who are 17, or who are or have been "
                 "married. Enrolment is possible from age 16; the card is printed once you turn "
                 "17."),
        requirements=[
            kk(detail=("KK terbaru yang memuat nama pemohon. Jika ada data yang salah, perbaiki "
                       "dulu lewat layanan perubahan data KK.",
                       "The latest KK listing the applicant. If any detail is wrong, have it "
                       "corrected first through the family card update service."),
               product_of="kk-perubahan-data"),
            in_person(("Perekaman biometrik tidak dapat diwakilkan. Pakai pakaian berkerah, "
                       "hindari lensa kontak berwarna dan riasan tebal.",
                       "Biometric enrolment cannot be done by someone else. Wear a collared top; "
                       "avoid coloured contact lenses and heavy make-up.")),
            req(("Buku nikah atau kutipan akta perkawinan",
                 "Marriage book or marriage certificate"),
                form="original_and_copy",
                condition=("belum berusia 17 tahun tetapi sudah atau pernah menikah",
                           "you are under 17 but are or have been married"),
                source="KUA kecamatan tempat menikah"),
            phone_number(),
        ],
        steps=[
            queue_step(c, "A"),
            step(("Serahkan KK ke petugas", "Hand your KK to the officer"),
                 detail=("Petugas mencocokkan NIK Anda dengan database kependudukan (SIAK).",
                         "The officer checks your NIK against the population database (SIAK)."),
                 location=daftar, actor=officer, duration="±5 menit", cost="Gratis"),
            step(("Perekaman biometrik", "Biometric enrolment"),
                 detail=("Foto wajah, sidik jari sepuluh jari, pindai iris mata, dan tanda tangan "
                         "elektronik.",
                         "Face photo, all ten fingerprints, iris scan and electronic signature."),
                 location=daftar, actor="Pemohon dan petugas", duration="±10 menit",
                 cost="Gratis"),
            step(("Tunggu verifikasi data", "Wait for data verification"),
                 detail=("Data dikirim ke Ditjen Dukcapil untuk pengecekan data ganda. Biasanya "
                         "selesai hari itu juga; bila jaringan terganggu, Anda dihubungi lewat "
                         "ponsel.",
                         "Your data is sent to the national civil registration directorate to "
                         "check for duplicates. This usually finishes the same day; if the "
                         "network is down you will be contacted by phone."),
                 location=("Ruang tunggu, Lantai 1", "Waiting area, 1st floor"),
                 actor=officer, duration="±15 menit", cost="Gratis"),
            _deliver(c, ("KTP-el", "KTP-el"), "daftar"),
        ],
        processing_time=("Perekaman ±15 menit; KTP-el dicetak hari itu juga bila data sudah "
                         "terverifikasi dan blangko tersedia",
                         "Enrolment about 15 minutes; the card is printed the same day once the "
                         "data is verified and blank cards are in stock"),
        fee=_free(), product=("KTP-el", "Electronic ID card (KTP-el)"), legal_basis=LAW,
        life_events=["dewasa", "menikah"],
        keywords=["ktp", "e-ktp", "ektp", "ktp-el", "ktp elektronik", "bikin ktp", "buat ktp",
                  "rekam ktp", "perekaman ktp", "ktp baru", "umur 17", "ktp pertama"],
    )

    c.service(
        slug="ktp-el-hilang", agency=AG, role="daftar", queue_prefix="A", daily_quota=40,
        name=("Penggantian KTP-el yang hilang", "Replacing a lost electronic ID card (KTP-el)"),
        summary=("Pencetakan ulang KTP-el yang hilang. Data Anda sudah terekam, jadi tidak perlu "
                 "perekaman ulang; petugas hanya mencocokkan sidik jari.",
                 "Reprinting a lost KTP-el. Your data is already enrolled, so there is no new "
                 "enrolment; the officer only matches your fingerprint."),
        requirements=[
            req(("Surat keterangan kehilangan dari kepolisian",
                 "Police loss report (surat keterangan kehilangan)"),
                form="original",
                detail=("Pastikan tertulis bahwa yang hilang adalah KTP-el, lengkap dengan NIK "
                        "Anda.",
                        "Make sure it states that the lost item is a KTP-el, with your NIK."),
                source="Kepolisian sektor (polsek) atau polres terdekat"),
            kk(),
            in_person(("Sidik jari dicocokkan dengan data perekaman, jadi harus datang sendiri.",
                       "Your fingerprint is matched against your enrolment record, so you must "
                       "come yourself.")),
            req(("KTP-el yang hilang", "The lost KTP-el"), form="copy",
                optional=True,
                detail=("Jika masih ada, membantu petugas menemukan data lebih cepat.",
                        "If you still have one, it helps the officer find your record faster.")),
        ],
        steps=[
            queue_step(c, "A"),
            step(("Serahkan surat kehilangan dan KK", "Hand in the police report and your KK"),
                 location=daftar, actor="Pemohon", duration="±5 menit", cost="Gratis"),
            step(("Verifikasi sidik jari", "Fingerprint check"),
                 detail=("Petugas memastikan Anda pemilik NIK tersebut dengan alat pembaca sidik "
                         "jari.",
                         "The officer confirms you own the NIK with a fingerprint reader."),
                 location=daftar, actor=officer, duration="±5 menit", cost="Gratis"),
            step(("Pencetakan KTP-el pengganti", "Printing the replacement KTP-el"),
                 location=daftar, actor=officer, duration="±15 menit", cost="Gratis"),
            _deliver(c, ("KTP-el pengganti", "replacement KTP-el"), "daftar"),
        ],
        processing_time=("Selesai hari itu juga (±30 menit) bila blangko tersedia",
                         "Same day (about 30 minutes) when blank cards are in stock"),
        fee=_free(), product=("KTP-el pengganti", "Replacement KTP-el"), legal_basis=LAW,
        life_events=["dokumen-hilang"],
        keywords=["ktp hilang", "ktp ilang", "kehilangan ktp", "ganti ktp", "cetak ulang ktp",
                  "e-ktp hilang", "ktp dicuri", "ktp jatuh"],
    )

    c.service(
        slug="ktp-el-rusak", agency=AG, role="daftar", queue_prefix="A",
        name=("Penggantian KTP-el yang rusak", "Replacing a damaged electronic ID card (KTP-el)"),
        summary=("Penggantian KTP-el yang patah, terkelupas, pudar, atau chipnya tidak terbaca. "
                 "Kartu lama ditarik petugas.",
                 "Replacement of a KTP-el that is broken, peeling, faded or whose chip cannot be "
                 "read. The old card is taken back."),
        requirements=[
            req(("KTP-el yang rusak", "The damaged KTP-el"), form="original",
                detail=("Bawa walau sudah patah; kartu lama diserahkan ke petugas.",
                        "Bring it even if it is broken; the old card is handed in.")),
            kk(),
            in_person(),
            req(("Dokumen pendukung perubahan data", "Documents supporting a change of details"),
                form="original_and_copy", optional=True,
                condition=("sekaligus ingin mengubah data, misalnya status perkawinan atau "
                           "pekerjaan (ubah dulu data di KK)",
                           "you also want to change details such as marital status or "
                           "occupation (update your KK first)"),
                detail=("Misalnya buku nikah, akta cerai, atau SK pengangkatan.",
                        "For example a marriage book, divorce certificate or appointment "
                        "letter.")),
        ],
        steps=[
            queue_step(c, "A"),
            step(("Serahkan KTP-el rusak dan KK", "Hand in the damaged KTP-el and your KK"),
                 location=daftar, actor="Pemohon", duration="±5 menit", cost="Gratis"),
            step(("Verifikasi sidik jari dan pencetakan", "Fingerprint check and printing"),
                 location=daftar, actor=officer, duration="±20 menit", cost="Gratis"),
            _deliver(c, ("KTP-el baru", "new KTP-el"), "daftar"),
        ],
        processing_time=("Selesai hari itu juga (±30 menit) bila blangko tersedia",
                         "Same day (about 30 minutes) when blank cards are in stock"),
        fee=_free(), product=("KTP-el pengganti", "Replacement KTP-el"), legal_basis=LAW,
        life_events=["dokumen-hilang"],
        keywords=["ktp rusak", "ktp patah", "ktp pudar", "chip ktp rusak", "ktp tidak terbaca",
                  "ganti ktp", "ktp luntur", "ktp terkelupas"],
    )

    # --- Kartu Keluarga ------------------------------------------------------------------------
    c.service(
        slug="kk-baru", agency=AG, role="daftar", queue_prefix="A",
        name=("Kartu Keluarga (KK) baru untuk keluarga baru",
              "New family card (KK) for a new household"),
        summary=("Pembuatan KK sendiri bagi pasangan yang baru menikah atau penduduk yang keluar "
                 "dari KK orang tua (pisah KK). KK lama orang tua ikut diperbarui.",
                 "A family card of your own for newly married couples or residents leaving their "
                 "parents' KK. The parents' KK is updated at the same time."),
        requirements=[
            req(("Buku nikah atau kutipan akta perkawinan",
                 "Marriage book or marriage certificate"),
                form="original_and_copy", source="KUA kecamatan tempat menikah"),
            req(("KK lama suami dan istri (biasanya KK orang tua)",
                 "The current family cards of husband and wife (usually their parents')"),
                form="original"),
            _form("F-1.02", "(Pendaftaran Peristiwa Kependudukan)",
                  "Registration of a Population Event"),
            req(("Surat Keterangan Pindah (SKPWNI)", "Certificate of moving (SKPWNI)"),
                form="original",
                condition=("suami atau istri berasal dari kabupaten/kota lain",
                           "the husband or wife comes from another regency or city"),
                source=("Disdukcapil daerah asal", "Civil registration office of the area you "
                                                   "are moving from")),
            req(("SPTJM kebenaran sebagai pasangan suami istri (formulir F-2.04)",
                 "Statement of responsibility as husband and wife (form F-2.04)"),
                form="original",
                condition=("perkawinan belum tercatat; KK akan memuat keterangan "
                           "\"kawin belum tercatat\"",
                           "the marriage is not yet registered; the KK will show \"married, "
                           "not registered\""),
                source="Disediakan di gerai"),
            req(("Akta perceraian", "Divorce certificate"), form="original_and_copy",
                condition=("membuat KK sendiri setelah bercerai",
                           "you are setting up your own KK after a divorce"),
                source=("Pengadilan Agama/Pengadilan Negeri, lalu dicatatkan di Disdukcapil",
                        "The religious or district court, then registered with Disdukcapil")),
        ],
        steps=[
            queue_step(c, "A"),
            step(("Isi formulir F-1.02", "Fill in form F-1.02"),
                 detail=("Petugas meja pendamping siap membantu bila Anda kesulitan mengisi.",
                         "The assistance desk can help if you find the form difficult."),
                 location="Meja pendamping digital MPP, Lantai 1", actor="Pemohon",
                 duration="±10 menit", cost="Gratis"),
            step(("Serahkan berkas", "Hand in your documents"),
                 location=daftar, actor="Pemohon", duration="±5 menit", cost="Gratis"),
            step(("Verifikasi dan pemutakhiran data di SIAK", "Verification and update in SIAK"),
                 detail=("Petugas membuat KK baru dan memperbarui KK lama orang tua.",
                         "The officer creates the new KK and updates the parents' KK."),
                 location=daftar, actor=officer, duration="±30 menit", cost="Gratis"),
            _deliver(c, ("KK baru", "new KK"), "daftar"),
        ],
        processing_time=("Selesai hari itu juga bila berkas lengkap (±1 jam)",
                         "Same day when your documents are complete (about 1 hour)"),
        fee=_free(), product=("Kartu Keluarga baru dan KK lama yang sudah diperbarui",
                              "New family card, plus the updated old KK"),
        legal_basis=LAW, life_events=["menikah", "pindah-rumah"],
        keywords=["kk", "kartu keluarga", "bikin kk", "buat kk", "kk baru", "pisah kk",
                  "pecah kk", "kk setelah nikah", "kk sendiri"],
    )

    c.service(
        slug="kk-perubahan-data", agency=AG, role="daftar", queue_prefix="A",
        name=("Perubahan data Kartu Keluarga (tambah anggota, ubah data)",
              "Updating the family card (adding a member, changing details)"),
        summary=("Menambah anggota (bayi lahir, anggota pindah masuk), mengurangi anggota "
                 "(meninggal, pindah), atau mengubah data seperti pendidikan, pekerjaan, status "
                 "perkawinan, dan agama di KK.",
                 "Adding members (a newborn, someone moving in), removing members (death, moving "
                 "out) or changing details such as education, occupation, marital status or "
                 "religion on the KK."),
        requirements=[
            kk(detail=("KK yang akan diubah.", "The KK to be updated.")),
            req(("Kutipan akta kelahiran anak", "The child's birth certificate"),
                form="original_and_copy",
                condition=("menambahkan anak yang baru lahir ke KK",
                           "you are adding a newborn child to the KK"),
                product_of="akta-kelahiran"),
            req(("Dokumen dasar perubahan data lainnya", "The document that proves any other "
                                                          "change"),
                form="original_and_copy",
                condition=("mengubah data selain menambah anak",
                           "you are changing anything other than adding a child"),
                detail=("SKPWNI (anggota pindah masuk), ijazah (pendidikan), buku nikah atau akta "
                        "cerai (status perkawinan), akta kematian (anggota meninggal).",
                        "SKPWNI (member moving in), diploma (education), marriage book or "
                        "divorce certificate (marital status), death certificate (a member has "
                        "died).")),
            _form("F-1.02", "(Pendaftaran Peristiwa Kependudukan)",
                  "Registration of a Population Event"),
            req(("Surat pernyataan perubahan elemen data (formulir F-1.06)",
                 "Statement of change of personal details (form F-1.06)"),
                form="original", optional=True,
                condition=("perubahan tidak didukung dokumen resmi, misalnya pekerjaan",
                           "no official document supports the change, e.g. occupation"),
                source="Disediakan di gerai"),
            ktp(whose=("KTP-el kepala keluarga", "KTP-el of the head of the family")),
            proxy_letter(("yang datang bukan kepala keluarga",
                          "someone other than the head of the family comes")),
        ],
        steps=[
            queue_step(c, "A"),
            step(("Serahkan KK lama dan dokumen dasar", "Hand in the old KK and the supporting "
                                                        "document"),
                 location=daftar, actor="Pemohon", duration="±5 menit", cost="Gratis"),
            step(("Verifikasi dan pembaruan data di SIAK", "Verification and update in SIAK"),
                 location=daftar, actor=officer, duration="±30 menit", cost="Gratis"),
            _deliver(c, ("KK yang sudah diperbarui", "updated KK"), "daftar"),
        ],
        processing_time=("Selesai hari itu juga bila berkas lengkap",
                         "Same day when your documents are complete"),
        fee=_free(), product=("Kartu Keluarga yang sudah diperbarui", "Updated family card"),
        legal_basis=LAW, life_events=["punya-anak", "menikah", "kematian", "pindah-rumah"],
        keywords=["ubah kk", "perubahan kk", "tambah anggota kk", "masukkan anak ke kk",
                  "update kk", "kk salah", "ganti status kk", "ubah pekerjaan kk", "kk"],
    )

    # --- Akta ----------------------------------------------------------------------------------
    c.service(
        slug="akta-kelahiran", agency=AG, role="capil", queue_prefix="AC",
        name=("Akta kelahiran", "Birth certificate"),
        summary=("Pencatatan kelahiran dan penerbitan kutipan akta kelahiran, sekaligus "
                 "memasukkan anak ke KK. Laporkan kelahiran paling lambat 60 hari; sesudahnya "
                 "tetap dilayani.",
                 "Registration of a birth and issue of the birth certificate, adding the child "
                 "to the family card at the same time. Report a birth within 60 days; later "
                 "reports are still accepted."),
        requirements=[
            req(("Surat keterangan lahir dari rumah sakit, puskesmas, bidan, atau kepala "
                 "desa/lurah",
                 "Birth notification from the hospital, health centre, midwife or village head"),
                form="original", group=1,
                source="Rumah sakit, puskesmas, atau bidan penolong persalinan"),
            req(("SPTJM kebenaran data kelahiran (formulir F-2.03)",
                 "Statement of responsibility for the birth details (form F-2.03)"),
                form="original", group=1,
                condition=("tidak ada surat keterangan lahir",
                           "there is no birth notification"),
                detail=("Ditandatangani orang tua di atas meterai Rp10.000 dan dua saksi yang "
                        "mengetahui kelahiran.",
                        "Signed by a parent over a Rp10,000 duty stamp and by two witnesses who "
                        "know of the birth."),
                source="Disediakan di gerai"),
            req(("Buku nikah atau kutipan akta perkawinan orang tua",
                 "Parents' marriage book or marriage certificate"),
                form="original_and_copy", group=2, source="KUA kecamatan tempat menikah"),
            req(("SPTJM kebenaran sebagai pasangan suami istri (formulir F-2.04)",
                 "Statement of responsibility as husband and wife (form F-2.04)"),
                form="original", group=2,
                condition=("perkawinan orang tua belum tercatat",
                           "the parents' marriage is not registered"),
                source="Disediakan di gerai"),
            kk(detail=("KK tempat anak akan dicantumkan.", "The KK the child will be added to.")),
            ktp(form="copy", whose=("KTP-el ayah dan ibu", "KTP-el of the father and mother"),
                qty=2),
            _form("F-2.01", "(Pelaporan Pencatatan Sipil)", "Civil Registration Report"),
        ],
        steps=[
            queue_step(c, "AC"),
            step(("Isi formulir F-2.01", "Fill in form F-2.01"),
                 detail=("Tulis nama anak persis seperti yang diinginkan; nama minimal dua kata "
                         "dan paling banyak 60 huruf termasuk spasi.",
                         "Write the child's name exactly as wanted; a name must have at least two "
                         "words and at most 60 characters including spaces."),
                 location="Meja pendamping digital MPP, Lantai 1", actor="Pemohon",
                 duration="±10 menit", cost="Gratis"),
            step(("Serahkan berkas", "Hand in your documents"), location=capil,
                 actor="Pemohon", duration="±5 menit", cost="Gratis"),
            step(("Verifikasi dan pencatatan", "Verification and registration"),
                 detail=("Petugas mencatat kelahiran, menerbitkan akta, dan memperbarui KK.",
                         "The officer registers the birth, issues the certificate and updates "
                         "the KK."),
                 location=capil, actor=officer, duration="±30 menit", cost="Gratis"),
            _deliver(c, ("akta kelahiran dan KK baru", "birth certificate and updated KK"),
                     "capil"),
        ],
        processing_time=("Selesai hari itu juga bila berkas lengkap (±1 jam)",
                         "Same day when your documents are complete (about 1 hour)"),
        fee=_free(), product=("Kutipan akta kelahiran dan KK yang memuat nama anak",
                              "Birth certificate and a family card listing the child"),
        legal_basis=LAW, life_events=["punya-anak"],
        keywords=["akta kelahiran", "akte kelahiran", "akte lahir", "akta lahir", "bikin akte",
                  "akte anak", "akta bayi", "surat lahir", "lapor kelahiran", "akta"],
    )

    c.service(
        slug="akta-kematian", agency=AG, role="capil", queue_prefix="AC",
        name=("Akta kematian", "Death certificate"),
        summary=("Pencatatan kematian dan penerbitan akta kematian; nama almarhum dihapus dari "
                 "KK. Akta ini dibutuhkan untuk klaim asuransi, pensiun, JHT, dan urusan "
                 "warisan. Laporkan paling lambat 30 hari setelah kematian.",
                 "Registration of a death and issue of the death certificate; the deceased is "
                 "removed from the family card. The certificate is needed for insurance, "
                 "pension and JHT claims and inheritance matters. Report within 30 days of the "
                 "death."),
        requirements=[
            req(("Surat keterangan kematian dari rumah sakit/dokter atau kepala desa/lurah",
                 "Death notification from the hospital/doctor or the village head"),
                form="original", group=1, source="Dokter atau rumah sakit"),
            req(("SPTJM kebenaran data kematian", "Statement of responsibility for the death "
                                                  "details"),
                form="original", group=1,
                condition=("tidak ada surat keterangan kematian",
                           "there is no death notification"),
                detail=("Ditandatangani pelapor di atas meterai Rp10.000 dan dua saksi.",
                        "Signed by the person reporting over a Rp10,000 duty stamp and by two "
                        "witnesses."),
                source="Disediakan di gerai"),
            kk(detail=("KK tempat almarhum tercatat.", "The KK the deceased was listed on.")),
            ktp(whose=("KTP-el almarhum", "The deceased's KTP-el"),
                detail=("Diserahkan ke petugas bila masih ada.",
                        "Hand it in if you still have it."),
                optional=True),
            ktp(whose=("KTP-el pelapor", "KTP-el of the person reporting")),
            _form("F-2.01", "(Pelaporan Pencatatan Sipil)", "Civil Registration Report"),
        ],
        steps=[
            queue_step(c, "AC"),
            step(("Serahkan berkas dan isi formulir", "Hand in the documents and fill in the form"),
                 location=capil, actor="Pelapor", duration="±15 menit", cost="Gratis"),
            step(("Verifikasi dan pencatatan kematian", "Verification and registration of the "
                                                        "death"),
                 location=capil, actor=officer, duration="±30 menit", cost="Gratis"),
            _deliver(c, ("akta kematian dan KK baru", "death certificate and updated KK"),
                     "capil"),
        ],
        processing_time=("Selesai hari itu juga bila berkas lengkap",
                         "Same day when your documents are complete"),
        fee=_free(), product=("Kutipan akta kematian dan KK yang sudah diperbarui",
                              "Death certificate and updated family card"),
        legal_basis=LAW, life_events=["kematian"],
        keywords=["akta kematian", "akte kematian", "akte mati", "surat kematian",
                  "lapor kematian", "meninggal", "meninggal dunia", "wafat"],
    )

    c.service(
        slug="akta-perkawinan", agency=AG, role="capil", queue_prefix="AC", daily_quota=15,
        name=("Akta perkawinan (non-Muslim)", "Marriage certificate (non-Muslim marriages)"),
        summary=("Pencatatan perkawinan bagi pasangan beragama Kristen, Katolik, Hindu, Buddha, "
                 "Konghucu, dan penghayat kepercayaan, setelah pemberkatan/upacara keagamaan. "
                 "Laporkan paling lambat 60 hari setelah upacara. Perkawinan pasangan Muslim "
                 "dicatat di KUA.",
                 "Registration of marriages of Protestant, Catholic, Hindu, Buddhist, "
                 "Confucian and indigenous-faith couples after the religious ceremony. Report "
                 "within 60 days of the ceremony. Muslim marriages are registered at the KUA."),
        requirements=[
            req(("Surat keterangan telah terjadinya perkawinan dari pemuka agama atau pemuka "
                 "penghayat kepercayaan",
                 "Certificate of marriage from the religious or faith leader who officiated"),
                form="original_and_copy",
                source=("Gereja, pura, vihara, klenteng, atau organisasi penghayat tempat upacara",
                        "The church, temple or faith organisation where the ceremony was held")),
            req(("Pas foto berdampingan suami dan istri, berwarna, ukuran 4×6",
                 "Colour photo of husband and wife side by side, 4×6 cm"),
                form="original", qty=2, source="Studio foto"),
            ktp(form="original_and_copy", whose=("KTP-el suami dan istri",
                                                 "KTP-el of husband and wife"), qty=2),
            kk(detail=("KK suami dan KK istri.", "The husband's and the wife's family cards.")),
            req(("Kutipan akta kelahiran suami dan istri", "Birth certificates of husband and "
                                                          "wife"),
                form="copy", qty=2),
            _witnesses(),
            req(("Izin tertulis orang tua", "Written consent of the parents"), form="original",
                condition=("salah satu mempelai belum berusia 21 tahun",
                           "either spouse is under 21")),
            req(("Penetapan dispensasi kawin dari pengadilan", "Court ruling granting a marriage "
                                                               "dispensation"),
                form="original_and_copy",
                condition=("salah satu mempelai belum berusia 19 tahun",
                           "either spouse is under 19"),
                source=("Pengadilan Negeri", "District court")),
        ],
        steps=[
            queue_step(c, "AC"),
            step(("Isi formulir F-2.01 dan serahkan berkas",
                  "Fill in form F-2.01 and hand in your documents"),
                 location=capil, actor="Pemohon dan kedua saksi", duration="±15 menit",
                 cost="Gratis"),
            step(("Verifikasi berkas dan penandatanganan register",
                  "Document check and signing of the register"),
                 detail=("Suami, istri, dan kedua saksi menandatangani register akta perkawinan.",
                         "Husband, wife and both witnesses sign the marriage register."),
                 location=capil, actor=officer, duration="±30 menit", cost="Gratis"),
            step(("Penerbitan kutipan akta dan KK baru", "Issue of the certificate and a new KK"),
                 detail=("Kutipan akta diberikan satu untuk suami dan satu untuk istri; KK baru "
                         "pasangan dibuat sekaligus bila diminta.",
                         "One copy of the certificate for the husband and one for the wife; a "
                         "new KK for the couple is made at the same time if requested."),
                 location=capil, actor=officer, duration="±30 menit", cost="Gratis"),
        ],
        processing_time=("Selesai hari itu juga bila berkas lengkap; paling lama 3 hari kerja",
                         "Same day when your documents are complete; at most 3 working days"),
        fee=_free(), product=("Dua kutipan akta perkawinan (suami dan istri)",
                              "Two copies of the marriage certificate (husband and wife)"),
        legal_basis=LAW + "; UU 1/1974 jo. UU 16/2019 tentang Perkawinan",
        life_events=["menikah"],
        keywords=["akta nikah", "akta perkawinan", "akte perkawinan", "akte nikah",
                  "catatan sipil nikah", "nikah gereja", "pencatatan perkawinan", "non muslim",
                  "pemberkatan nikah", "capil"],
    )

    # --- Pindah --------------------------------------------------------------------------------
    regency_id, regency_en = c["regency"]
    c.service(
        slug="pindah-keluar", agency=AG, role="daftar", queue_prefix="A",
        name=("Surat pindah keluar (SKPWNI)", "Certificate of moving out (SKPWNI)"),
        summary=(f"Penerbitan Surat Keterangan Pindah WNI (SKPWNI) bagi penduduk {regency_id} "
                 "yang pindah ke kabupaten/kota atau provinsi lain. Anggota keluarga yang "
                 "tinggal mendapat KK baru.",
                 f"Issue of the certificate of moving (SKPWNI) for residents of {regency_en} "
                 "moving to another regency, city or province. Family members who stay get a "
                 "new KK."),
        requirements=[
            kk(),
            _form("F-1.03", "(Pendaftaran Perpindahan Penduduk)", "Registration of a Move"),
            req(("Alamat lengkap tujuan", "Full destination address"),
                detail=("RT/RW, desa/kelurahan, kecamatan, kabupaten/kota, dan provinsi tujuan.",
                        "Neighbourhood unit (RT/RW), village, sub-district, regency/city and "
                        "province.")),
            ktp(whose=("KTP-el semua anggota keluarga yang pindah",
                       "KTP-el of every family member who is moving")),
            req(("Surat persetujuan kepala keluarga", "Consent of the head of the family"),
                form="original",
                condition=("hanya sebagian anggota keluarga yang pindah",
                           "only some family members are moving")),
        ],
        steps=[
            queue_step(c, "A"),
            step(("Isi formulir F-1.03 dan serahkan berkas",
                  "Fill in form F-1.03 and hand in your documents"),
                 location=daftar, actor="Pemohon", duration="±10 menit", cost="Gratis"),
            step(("Verifikasi dan penerbitan SKPWNI", "Verification and issue of the SKPWNI"),
                 detail=("SKPWNI juga terkirim secara elektronik ke Disdukcapil daerah tujuan.",
                         "The SKPWNI is also sent electronically to the civil registration "
                         "office at your destination."),
                 location=daftar, actor=officer, duration="±30 menit", cost="Gratis"),
            step(("Terima SKPWNI dan KK baru", "Collect the SKPWNI and the new KK"),
                 detail=("Bawa SKPWNI ke Disdukcapil daerah tujuan untuk pindah datang.",
                         "Take the SKPWNI to the civil registration office at your destination "
                         "to register your arrival."),
                 location=daftar, actor="Pemohon", duration="±5 menit", cost="Gratis"),
        ],
        processing_time=("Selesai hari itu juga bila berkas lengkap",
                         "Same day when your documents are complete"),
        fee=_free(), product=("SKPWNI, dan KK baru bagi anggota keluarga yang tinggal",
                              "SKPWNI, plus a new KK for the family members who stay"),
        legal_basis=LAW, life_events=["pindah-rumah"],
        keywords=["surat pindah", "pindah keluar", "skpwni", "pindah domisili", "pindah alamat",
                  "urus pindah", "pindah kk", "pindah kota"],
    )

    c.service(
        slug="pindah-datang", agency=AG, role="daftar", queue_prefix="A",
        name=("Pindah datang (pendaftaran penduduk pindahan)",
              "Registering as a new resident (moving in)"),
        summary=(f"Pendaftaran penduduk yang pindah ke {regency_id} dari daerah lain: "
                 "penerbitan KK dengan alamat baru, lalu KTP-el dengan alamat baru.",
                 f"Registration of residents moving to {regency_en} from elsewhere: a family "
                 "card at the new address, then a KTP-el with the new address."),
        requirements=[
            req(("Surat Keterangan Pindah WNI (SKPWNI) dari daerah asal",
                 "Certificate of moving (SKPWNI) from the area you left"),
                form="original",
                source=("Disdukcapil daerah asal", "Civil registration office of the area you "
                                                   "left")),
            ktp(whose=("KTP-el lama semua anggota yang pindah",
                       "The old KTP-el of every member who moved"),
                detail=("Ditarik dan diganti KTP-el beralamat baru.",
                        "They are withdrawn and replaced with cards showing the new address.")),
            _form("F-1.03", "(Pendaftaran Perpindahan Penduduk)", "Registration of a Move"),
            req(("KK yang akan ditumpangi dan persetujuan kepala keluarganya",
                 "The KK you are joining and the consent of its head of family"),
                form="original",
                condition=("bergabung ke KK yang sudah ada di alamat tujuan",
                           "you are joining an existing KK at the new address")),
        ],
        steps=[
            queue_step(c, "A"),
            step(("Serahkan SKPWNI dan berkas", "Hand in the SKPWNI and your documents"),
                 location=daftar, actor="Pemohon", duration="±5 menit", cost="Gratis"),
            step(("Verifikasi dan penerbitan KK", "Verification and issue of the KK"),
                 location=daftar, actor=officer, duration="±30 menit", cost="Gratis"),
            step(("Cetak KTP-el dengan alamat baru", "Printing KTP-el with the new address"),
                 detail=("Setiap anggota keluarga berusia 17 tahun ke atas hadir untuk "
                         "verifikasi sidik jari.",
                         "Each family member aged 17 or over attends for a fingerprint check."),
                 location=daftar, actor=officer, duration="±15 menit", cost="Gratis"),
            _deliver(c, ("KK dan KTP-el baru", "new KK and KTP-el"), "daftar"),
        ],
        processing_time=("Selesai hari itu juga bila berkas lengkap",
                         "Same day when your documents are complete"),
        fee=_free(), product=("KK dan KTP-el dengan alamat baru",
                              "Family card and KTP-el at the new address"),
        legal_basis=LAW, life_events=["pindah-rumah"],
        keywords=["pindah datang", "surat pindah masuk", "pindahan", "domisili baru",
                  "ktp alamat baru", "skpwni", "pendatang", f"pindah ke {c.place.lower()}"],
    )

    # --- KIA, legalisir, IKD ---------------------------------------------------------------------
    c.service(
        slug="kia", agency=AG, role="kia", queue_prefix="A", daily_quota=50,
        name=("Kartu Identitas Anak (KIA)", "Child identity card (KIA)"),
        summary=("Kartu identitas bagi anak di bawah 17 tahun yang belum menikah. Berguna untuk "
                 "mendaftar sekolah, membuka tabungan anak, dan layanan kesehatan.",
                 "An identity card for unmarried children under 17. Useful for school "
                 "enrolment, children's savings accounts and health services."),
        requirements=[
            req(("Kutipan akta kelahiran anak", "The child's birth certificate"),
                form="original_and_copy", product_of="akta-kelahiran"),
            kk(detail=("KK yang memuat nama anak.", "The KK listing the child."),
               product_of="kk-perubahan-data"),
            ktp(whose=("KTP-el ayah atau ibu", "KTP-el of the father or mother")),
            req(("Pas foto anak berwarna ukuran 2×3", "Colour photo of the child, 2×3 cm"),
                form="original", qty=2,
                condition=("anak berusia 5 tahun ke atas (anak di bawah 5 tahun tanpa foto)",
                           "the child is 5 or older (under-fives need no photo)"),
                source="Studio foto"),
        ],
        steps=[
            queue_step(c, "A"),
            step(("Serahkan berkas", "Hand in your documents"), location=kia,
                 actor="Pemohon", duration="±5 menit", cost="Gratis"),
            step(("Verifikasi dan pencetakan KIA", "Verification and printing of the KIA"),
                 location=kia, actor=officer, duration="±15 menit", cost="Gratis"),
            _deliver(c, ("KIA", "KIA"), "kia"),
        ],
        processing_time=("Selesai hari itu juga (±20 menit)", "Same day (about 20 minutes)"),
        fee=_free(), product=("Kartu Identitas Anak (KIA)", "Child identity card (KIA)"),
        legal_basis=LAW + "; Permendagri 2/2016 tentang Kartu Identitas Anak",
        life_events=["punya-anak"],
        keywords=["kia", "kartu identitas anak", "ktp anak", "kartu anak", "identitas anak"],
    )

    c.service(
        slug="legalisir-dokumen-kependudukan", agency=AG, role="capil", queue_prefix="AC",
        name=("Legalisir dokumen kependudukan", "Certified copies of civil registration "
                                                "documents"),
        summary=("Pengesahan fotokopi akta dan KK lama yang masih bertanda tangan basah. Dokumen "
                 "yang sudah memakai tanda tangan elektronik (TTE) dan kode QR tidak perlu "
                 "dilegalisir: fotokopinya sah dan keasliannya dapat dicek dengan memindai "
                 "kode QR.",
                 "Certification of copies of older certificates and family cards that carry a "
                 "handwritten signature. Documents with an electronic signature and QR code need "
                 "no certification: their copies are valid and can be checked by scanning the "
                 "QR code."),
        requirements=[
            req(("Dokumen asli yang akan dilegalisir", "The original document to be certified"),
                form="original",
                detail=(f"Akta kelahiran, kematian, perkawinan, perceraian, atau KK yang "
                        f"diterbitkan {short_id}.",
                        f"Birth, death, marriage or divorce certificate, or family card, issued "
                        f"by {short_en}.")),
            req(("Salinan dokumen yang akan dilegalisir", "Copies of the document to be "
                                                          "certified"),
                form="copy", qty=5,
                detail=("Paling banyak 10 lembar per dokumen, ukuran kertas A4.",
                        "At most 10 copies per document, on A4 paper.")),
            ktp(),
            proxy_letter(),
        ],
        steps=[
            queue_step(c, "AC"),
            step(("Serahkan dokumen asli dan fotokopinya", "Hand in the original and the copies"),
                 location=capil, actor="Pemohon", duration="±5 menit", cost="Gratis"),
            step(("Pencocokan dengan dokumen asli dan arsip", "Check against the original and "
                                                             "the archive"),
                 location=capil, actor=officer, duration="±15 menit", cost="Gratis"),
            step(("Cap dan paraf pejabat, lalu dokumen dikembalikan",
                  "Stamp and initials of the official, then your documents are returned"),
                 location=capil, actor=officer, duration="±10 menit", cost="Gratis"),
        ],
        processing_time=("Selesai hari itu juga (±30 menit)", "Same day (about 30 minutes)"),
        fee=_free(), product=("Fotokopi dokumen yang dilegalisir", "Certified copies"),
        legal_basis=LAW, life_events=["kerja"],
        keywords=["legalisir", "legalisasi", "legalisir akta", "legalisir kk", "cap basah",
                  "fotokopi legalisir", "pengesahan fotokopi"],
    )

    c.service(
        slug="aktivasi-ikd", agency=AG, role="kia", queue_prefix="A",
        name=("Aktivasi Identitas Kependudukan Digital (IKD)",
              "Activating the Digital Population Identity (IKD)"),
        summary=("Aktivasi KTP digital di ponsel lewat aplikasi Identitas Kependudukan Digital. "
                 "IKD memuat data KTP-el, KK, dan dokumen lain, dan bisa dipakai di layanan yang "
                 "sudah menerimanya.",
                 "Activation of the digital ID on your phone through the Identitas Kependudukan "
                 "Digital app. It holds your KTP-el, family card and other documents and can be "
                 "used wherever services accept it."),
        requirements=[
            ktp(detail=("KTP-el yang sudah direkam.", "A KTP-el you have already enrolled for.")),
            req(("Ponsel Android atau iPhone dengan aplikasi Identitas Kependudukan Digital",
                 "An Android phone or iPhone with the Identitas Kependudukan Digital app"),
                form="digital",
                detail=("Unduh dari Play Store atau App Store sebelum datang; pastikan kamera "
                        "berfungsi dan memori cukup.",
                        "Download it from the Play Store or App Store before you come; make "
                        "sure the camera works and there is enough storage.")),
            req(("Alamat email dan nomor ponsel aktif", "An active email address and mobile "
                                                       "number"),
                form="digital",
                detail=("Kode aktivasi dikirim ke email.", "The activation code is sent by "
                                                           "email.")),
            in_person(("Verifikasi wajah dan pemindaian kode QR dilakukan di gerai.",
                       "Face verification and QR code scanning are done at the counter.")),
        ],
        steps=[
            queue_step(c, "A"),
            step(("Isi NIK, email, dan nomor ponsel di aplikasi",
                  "Enter your NIK, email and phone number in the app"),
                 location="Ponsel pemohon", actor="Pemohon", duration="±5 menit",
                 cost="Gratis"),
            step(("Verifikasi wajah (swafoto) di aplikasi",
                  "Face verification (selfie) in the app"),
                 location="Ponsel pemohon", actor="Pemohon", duration="±5 menit", cost="Gratis"),
            step(("Pindai kode QR dari petugas", "Scan the QR code shown by the officer"),
                 location=kia, actor="Pemohon dan petugas", duration="±5 menit", cost="Gratis"),
            step(("Masukkan kode aktivasi dari email", "Enter the activation code from your email"),
                 detail=("Buat PIN 6 angka dan jangan berikan kepada siapa pun.",
                         "Set a 6-digit PIN and never share it."),
                 location="Ponsel pemohon", actor="Pemohon", duration="±5 menit",
                 cost="Gratis"),
        ],
        processing_time=("±20 menit", "About 20 minutes"),
        fee=_free(), product=("IKD aktif di ponsel", "IKD active on your phone"),
        legal_basis=LAW + "; Permendagri 72/2022 tentang Standar dan Spesifikasi Perangkat Keras, "
                          "Perangkat Lunak, dan Blangko KTP-el serta Penyelenggaraan IKD",
        online=("https://dukcapil.kemendagri.go.id",
                ("Unduh aplikasi Identitas Kependudukan Digital di Play Store/App Store; "
                 "aktivasi tetap memerlukan pemindaian kode QR oleh petugas.",
                 "Download the Identitas Kependudukan Digital app from the Play Store or App "
                 "Store; activation still needs an officer to scan a QR code.")),
        life_events=["dewasa"],
        keywords=["ikd", "ktp digital", "identitas digital", "aktivasi ikd", "ktp di hp",
                  "e-ktp digital", "ktp online"],
    )
