"""Police (SKCK, driving licences), immigration (passports) and Samsat (vehicle tax)."""
from __future__ import annotations

from .builders import paid, req, step
from .common import kk, ktp, queue_step
from .context import SiteContext

POLRI_PNBP = "PP 76/2020 tentang Jenis dan Tarif atas Jenis PNBP yang Berlaku pada Polri"
SKCK_LAW = ("UU 2/2002 tentang Kepolisian Negara RI; Perkap 18/2014 tentang Tata Cara Penerbitan "
            "SKCK; " + POLRI_PNBP)
SIM_LAW = ("UU 22/2009 tentang Lalu Lintas dan Angkutan Jalan; Perpol 5/2021 tentang Penerbitan "
           "dan Penandaan SIM; " + POLRI_PNBP)
PASPOR_LAW = ("UU 6/2011 tentang Keimigrasian; Permenkumham 8/2014 tentang Paspor Biasa dan SPLP "
              "sebagaimana diubah Permenkumham 18/2022")
PASPOR_PNBP = ("PP 28/2019 tentang Jenis dan Tarif PNBP yang Berlaku pada Kementerian Hukum dan "
               "HAM, beserta perubahannya")
SAMSAT_LAW = ("UU 1/2022 tentang Hubungan Keuangan antara Pemerintah Pusat dan Pemerintahan "
              "Daerah; UU 22/2009 tentang Lalu Lintas dan Angkutan Jalan; Perpol 7/2021 tentang "
              "Registrasi dan Identifikasi Kendaraan Bermotor; UU 34/1964 tentang Dana "
              "Kecelakaan Lalu Lintas Jalan")


def _photo_red(qty: int):
    return req(("Pas foto berwarna ukuran 4×6, latar belakang merah",
                "Colour photo, 4×6 cm, red background"),
               form="original", qty=qty,
               detail=("Tampak depan, berpakaian sopan berkerah, tanpa kacamata; jilbab "
                       "diperbolehkan.",
                       "Facing forward, in a neat collared top, without glasses; headscarves "
                       "are allowed."),
               source="Studio foto")


def _passport_fee():
    return paid(350_000,
                ("Paspor biasa: Rp350.000 (berlaku 5 tahun) atau Rp650.000 (10 tahun). E-paspor: "
                 "Rp650.000 (5 tahun) atau Rp950.000 (10 tahun). Masa berlaku 10 tahun hanya "
                 "untuk pemohon berusia 17 tahun ke atas. Dibayar dengan kode billing dari "
                 "M-Paspor di bank, kantor pos, atau aplikasi pembayaran.",
                 "Ordinary passport: Rp350,000 (valid 5 years) or Rp650,000 (10 years). "
                 "E-passport: Rp650,000 (5 years) or Rp950,000 (10 years). The 10-year validity "
                 "is only for applicants aged 17 and over. Pay with the billing code from "
                 "M-Paspor at a bank, post office or payment app."),
                PASPOR_PNBP)


def build(c: SiteContext) -> None:
    _police(c)
    _driving(c)
    _passports(c)
    _samsat(c)


def _police(c: SiteContext) -> None:
    polres = c.gerai("polres")
    officer = c.officer("polres")
    short_id, short_en = c.short("polres")
    summary_tail = ("SKCK dari Polres berlaku 6 bulan dan dipakai untuk melamar kerja, mendaftar "
                    "CPNS/TNI/Polri, atau pencalonan. SKCK untuk keperluan ke luar negeri "
                    "diterbitkan Polda atau Mabes Polri.",
                    "A police certificate from the district police is valid for 6 months and is "
                    "used for job applications, civil service, military or police recruitment, "
                    "or standing for office. Certificates for use abroad are issued by the "
                    "provincial police or police headquarters.")
    skck_steps = [
        step(("Isi formulir pendaftaran SKCK", "Fill in the SKCK registration form"),
             detail=("Bisa diisi lebih dulu secara daring di skck.polri.go.id atau aplikasi "
                     "Polri Super App agar lebih cepat di gerai.",
                     "You can fill it in beforehand at skck.polri.go.id or in the Polri Super App "
                     "to save time at the counter."),
             location="Rumah (daring)", actor="Pemohon", duration="±10 menit", cost="Gratis"),
        queue_step(c, "B"),
        step(("Serahkan berkas dan rekam sidik jari", "Hand in your documents and have your "
                                                      "fingerprints taken"),
             location=polres, actor="Pemohon dan petugas", duration="±15 menit", cost="Gratis"),
        step(("Bayar PNBP", "Pay the fee"),
             detail=("Pembayaran nontunai (QRIS atau kode bayar bank) di gerai.",
                     "Cashless payment (QRIS or bank payment code) at the counter."),
             location=polres, actor="Pemohon", duration="±5 menit", cost="Rp30.000"),
        step(("Terima SKCK", "Collect your SKCK"),
             detail=("Periksa nama dan keperluan yang tercantum sebelum pulang.",
                     "Check your name and the stated purpose before you leave."),
             location=polres, actor=officer, duration="±20 menit", cost="Gratis"),
    ]
    c.service(
        slug="skck-baru", agency="polres", queue_prefix="B", daily_quota=60,
        name=("SKCK baru (Surat Keterangan Catatan Kepolisian)",
              "New police certificate (SKCK, certificate of good conduct)"),
        summary=(f"Penerbitan SKCK pertama kali oleh {short_id}. " + summary_tail[0],
                 f"First-time police certificate issued by {short_en}. " + summary_tail[1]),
        requirements=[
            ktp(form="copy", detail=("Alamat di KTP-el harus di wilayah hukum " + short_id + ".",
                                     "The address on your KTP-el must be within " + short_en
                                     + "'s area.")),
            kk(form="copy"),
            req(("Akta kelahiran atau ijazah terakhir",
                 "Birth certificate or latest diploma"), form="copy"),
            _photo_red(6),
            req(("Kartu tik sidik jari", "Fingerprint card"), form="original",
                detail=("Bila belum punya, sidik jari direkam di gerai saat itu juga.",
                        "If you do not have one, your fingerprints are taken at the counter."),
                optional=True, source=("Gerai Polres di MPP", "The police counter at the MPP")),
            req(("Paspor", "Passport"), form="copy",
                condition=("pernah tinggal di luar negeri", "you have lived abroad")),
        ],
        steps=skck_steps,
        processing_time=("±1 jam bila berkas lengkap", "About 1 hour when your documents are "
                                                       "complete"),
        fee=paid(30_000, ("Rp30.000 per SKCK, dibayar nontunai di gerai.",
                          "Rp30,000 per certificate, paid cashless at the counter."), POLRI_PNBP),
        product=("SKCK, berlaku 6 bulan", "Police certificate (SKCK), valid 6 months"),
        legal_basis=SKCK_LAW,
        online=("https://skck.polri.go.id",
                ("Pendaftaran daring di skck.polri.go.id; tetap datang ke gerai untuk sidik jari "
                 "dan pengambilan.",
                 "Register online at skck.polri.go.id; you still come to the counter for "
                 "fingerprints and collection.")),
        life_events=["kerja"],
        keywords=["skck", "urus skck", "bikin skck", "buat skck", "surat kelakuan baik",
                  "catatan kepolisian", "skck baru", "syarat kerja", "skck polres", "skck cpns"],
    )

    c.service(
        slug="skck-perpanjangan", agency="polres", queue_prefix="B", daily_quota=60,
        name=("Perpanjangan SKCK", "Renewing a police certificate (SKCK)"),
        summary=("Perpanjangan SKCK yang sudah habis masa berlakunya, paling lama 1 tahun "
                 "setelah habis. Lebih dari itu, ajukan sebagai SKCK baru. " + summary_tail[0],
                 "Renewal of an expired police certificate, no later than 1 year after it "
                 "expired; after that, apply for a new one. " + summary_tail[1]),
        requirements=[
            req(("SKCK lama (lembar legalisir)", "Your previous SKCK (certified sheet)"),
                form="original"),
            ktp(form="copy"),
            kk(form="copy"),
            _photo_red(2),
        ],
        steps=skck_steps[1:],
        processing_time=("±30 menit", "About 30 minutes"),
        fee=paid(30_000, ("Rp30.000 per SKCK, dibayar nontunai di gerai.",
                          "Rp30,000 per certificate, paid cashless at the counter."), POLRI_PNBP),
        product=("SKCK baru, berlaku 6 bulan", "New police certificate, valid 6 months"),
        legal_basis=SKCK_LAW,
        online=("https://skck.polri.go.id",
                ("Isi data perpanjangan di skck.polri.go.id sebelum datang.",
                 "Fill in the renewal details at skck.polri.go.id before you come.")),
        life_events=["kerja"],
        keywords=["perpanjang skck", "perpanjangan skck", "skck mati", "skck habis",
                  "skck kadaluarsa", "skck", "urus skck"],
    )


def _driving(c: SiteContext) -> None:
    sim = c.gerai("satlantas")
    officer = c.officer("satlantas")
    health = req(("Surat keterangan sehat jasmani dari dokter",
                  "Physical health certificate from a doctor"),
                 form="original",
                 detail=("Termasuk tes penglihatan dan buta warna.",
                         "Includes an eyesight and colour-blindness test."),
                 source=("Klinik kesehatan di Satpas atau dokter umum",
                         "The clinic at the licensing centre (Satpas) or a general practitioner"))
    psych = req(("Sertifikat lulus tes psikologi", "Certificate of passing the psychological "
                                                   "test"),
                form="original",
                detail=("Dari biro psikologi yang ditunjuk Polri; bisa tes daring lewat e-PPsi.",
                        "From a psychology bureau appointed by the police; the test can be "
                        "taken online through e-PPsi."),
                source=("Biro psikologi rekanan Polri", "A police-appointed psychology bureau"))
    jkn = req(("Kartu peserta JKN (BPJS Kesehatan) aktif", "An active national health insurance "
                                                           "(JKN/BPJS Kesehatan) card"),
              form="digital", optional=True,
              detail=("Sebagian Satpas meminta bukti kepesertaan JKN aktif; cukup tunjukkan "
                      "kartu di aplikasi Mobile JKN.",
                      "Some licensing centres ask for proof of active JKN membership; showing "
                      "the card in the Mobile JKN app is enough."))
    c.service(
        slug="sim-perpanjangan", agency="satlantas", queue_prefix="F", daily_quota=50,
        name=("Perpanjangan SIM A dan SIM C", "Renewing a car (A) or motorcycle (C) driving "
                                               "licence"),
        summary=("Perpanjangan SIM A atau SIM C yang masih berlaku atau habis tepat hari ini. "
                 "SIM yang sudah lewat masa berlakunya harus dibuat sebagai SIM baru dengan ujian.",
                 "Renewal of a car (A) or motorcycle (C) licence that is still valid or expires "
                 "today. A licence that has already expired must be applied for as a new one, "
                 "with tests."),
        requirements=[
            req(("SIM lama", "Your current licence"), form="original_and_copy",
                detail=("Masa berlakunya belum lewat.", "It must not have expired yet.")),
            ktp(form="original_and_copy"),
            health,
            psych,
            jkn,
        ],
        steps=[
            step(("Tes kesehatan dan tes psikologi", "Health check and psychological test"),
                 location=("Klinik rekanan atau daring (e-PPsi)", "Partner clinic or online "
                                                                 "(e-PPsi)"),
                 actor="Pemohon", duration="±1 jam", cost="Biaya sendiri"),
            queue_step(c, "F"),
            step(("Serahkan berkas untuk verifikasi", "Hand in your documents for checking"),
                 location=sim, actor=officer, duration="±10 menit", cost="Gratis"),
            step(("Bayar PNBP", "Pay the fee"), location=sim, actor="Pemohon",
                 duration="±5 menit", cost=("Rp75.000 (SIM C) / Rp80.000 (SIM A)",
                                            "Rp75,000 (C) / Rp80,000 (A)")),
            step(("Foto, sidik jari, dan tanda tangan", "Photo, fingerprints and signature"),
                 location=sim, actor="Pemohon dan petugas", duration="±10 menit", cost="Gratis"),
            step(("SIM dicetak dan diserahkan", "Licence printed and handed over"),
                 location=sim, actor=officer, duration="±10 menit", cost="Gratis"),
        ],
        processing_time=("±1 jam di gerai setelah tes kesehatan dan psikologi",
                         "About 1 hour at the counter after the health and psychological tests"),
        fee=paid(75_000,
                 ("PNBP perpanjangan: SIM C Rp75.000, SIM A Rp80.000. Tes kesehatan dan tes "
                  "psikologi dibayar terpisah kepada penyelenggaranya.",
                  "Renewal fee: Rp75,000 for a C licence, Rp80,000 for an A licence. The health "
                  "and psychological tests are paid separately to their providers."),
                 POLRI_PNBP),
        product=("SIM A atau SIM C, berlaku 5 tahun", "A or C driving licence, valid 5 years"),
        legal_basis=SIM_LAW,
        online=("https://korlantas.polri.go.id",
                ("Perpanjangan daring lewat aplikasi Digital Korlantas POLRI (SINAR); SIM dikirim "
                 "ke alamat Anda.",
                 "Renew online through the Digital Korlantas POLRI app (SINAR); the licence is "
                 "delivered to your address.")),
        life_events=["kendaraan"],
        keywords=["sim", "perpanjang sim", "perpanjangan sim", "sim a", "sim c", "sim motor",
                  "sim mobil", "sim mau habis", "sinar", "sim keliling"],
    )

    c.service(
        slug="sim-baru", agency="satlantas", queue_prefix="F", daily_quota=30,
        availability="partial",
        name=("SIM baru (SIM A dan SIM C)", "New driving licence (car A or motorcycle C)"),
        summary=("Pendaftaran SIM pertama kali atau SIM yang sudah mati. Usia minimal 17 tahun "
                 "untuk SIM A dan SIM C. Gerai MPP menerima pendaftaran dan berkas; ujian teori "
                 "dan praktik dilakukan di Satpas Polres.",
                 "Application for a first licence, or for one that has expired. The minimum age "
                 "is 17 for A and C licences. The MPP counter takes your application and "
                 "documents; the theory and practical tests are held at the police licensing "
                 "centre (Satpas)."),
        requirements=[
            ktp(form="original_and_copy"),
            health,
            psych,
            jkn,
            req(("SIM lama yang sudah mati", "Your expired licence"), form="original",
                condition=("pernah memiliki SIM yang sama", "you held the same licence before")),
        ],
        steps=[
            step(("Tes kesehatan dan tes psikologi", "Health check and psychological test"),
                 location=("Klinik rekanan atau daring (e-PPsi)", "Partner clinic or online "
                                                                 "(e-PPsi)"),
                 actor="Pemohon", duration="±1 jam", cost="Biaya sendiri"),
            queue_step(c, "F"),
            step(("Daftar dan bayar PNBP di gerai", "Register and pay the fee at the counter"),
                 location=sim, actor="Pemohon", duration="±15 menit",
                 cost=("Rp100.000 (SIM C) / Rp120.000 (SIM A)", "Rp100,000 (C) / Rp120,000 (A)")),
            step(("Ujian teori di Satpas", "Theory test at the licensing centre"),
                 detail=("Ujian dengan komputer (AVIS); bila belum lulus, dapat mengulang sesuai "
                         "jadwal Satpas.",
                         "A computer-based test (AVIS); if you fail you can retake it on a date "
                         "set by the centre."),
                 location=("Satpas Polres", "Police licensing centre (Satpas)"), actor="Pemohon",
                 duration="±30 menit", cost="Gratis"),
            step(("Ujian praktik di Satpas", "Practical test at the licensing centre"),
                 detail=("Bawa kendaraan sendiri yang sesuai golongan SIM dan surat-suratnya "
                         "lengkap.",
                         "Bring your own vehicle of the right class with its papers in order."),
                 location=("Lapangan uji Satpas Polres", "Licensing centre test track"),
                 actor="Pemohon", duration="±30 menit", cost="Gratis"),
            step(("Foto, sidik jari, dan cetak SIM", "Photo, fingerprints and printing"),
                 location=("Satpas Polres", "Police licensing centre (Satpas)"),
                 actor=officer, duration="±20 menit", cost="Gratis"),
        ],
        processing_time=("1 hari bila lulus ujian teori dan praktik",
                         "1 day if you pass the theory and practical tests"),
        fee=paid(100_000,
                 ("PNBP SIM baru: SIM C Rp100.000, SIM A Rp120.000. Tes kesehatan dan tes "
                  "psikologi dibayar terpisah.",
                  "New licence fee: Rp100,000 for C, Rp120,000 for A. The health and "
                  "psychological tests are paid separately."), POLRI_PNBP),
        product=("SIM A atau SIM C, berlaku 5 tahun", "A or C driving licence, valid 5 years"),
        legal_basis=SIM_LAW,
        elsewhere=(("Ujian teori, ujian praktik, foto, dan pencetakan SIM hanya di Satpas Polres. "
                    "Gerai MPP menerima pendaftaran, pemeriksaan berkas, pembayaran, dan "
                    "memberi jadwal ujian.",
                    "The theory and practical tests, photo and printing happen only at the "
                    "police licensing centre (Satpas). The MPP counter takes applications, "
                    "checks documents, takes payment and gives you a test date."),
                   c.agencies["satlantas"]["head_office_address"]),
        life_events=["kendaraan", "dewasa"],
        keywords=["sim baru", "bikin sim", "buat sim", "sim mati", "ujian sim", "tes sim",
                  "sim pertama", "sim a", "sim c", "sim motor"],
    )


def _passports(c: SiteContext) -> None:
    imi = c.gerai("imigrasi")
    officer = c.officer("imigrasi")
    days_id, days_en = c["imigrasi_days"]
    one_day_id, one_day_en = c["imigrasi_day"]
    office = c.office("imigrasi")
    short_id, short_en = c.short("imigrasi")
    mpp_id, mpp_en = c.mpp_name
    mpaspor = req(("Bukti pengajuan dan jadwal kedatangan dari aplikasi M-Paspor",
                   "Application receipt and appointment from the M-Paspor app"),
                  form="digital",
                  detail=(f"Pilih lokasi \"{mpp_id}\" dan tanggal pada hari {one_day_id}. Bayar "
                          "PNBP dengan kode billing sebelum batas waktu yang tertera di aplikasi.",
                          f"Choose \"{mpp_en}\" as the location and a date on {one_day_en}. Pay "
                          "the fee with the billing code before the deadline shown in the app."))
    civil_doc = req(("Akta kelahiran, ijazah, buku nikah, atau surat baptis",
                     "Birth certificate, diploma, marriage book or baptism certificate"),
                    form="original_and_copy",
                    detail=("Salah satu saja, yang memuat nama, tempat dan tanggal lahir, serta "
                            "nama orang tua.",
                            "Just one, showing your name, place and date of birth, and your "
                            "parents' names."))
    a4 = ("Fotokopi di kertas A4 tanpa dipotong.", "Copies on A4 paper, not cut down.")
    interview_steps = [
        step(("Ajukan permohonan di aplikasi M-Paspor", "Apply in the M-Paspor app"),
             detail=(f"Isi data, unggah dokumen, pilih lokasi {mpp_id} dan jadwal.",
                     f"Enter your details, upload documents, choose {mpp_en} and a date."),
             location="Ponsel pemohon", actor="Pemohon", duration="±20 menit", cost="Gratis"),
        step(("Bayar PNBP dengan kode billing", "Pay the fee with the billing code"),
             location="Bank atau kantor pos", actor="Pemohon", duration="±10 menit",
             cost="Sesuai tarif"),
        queue_step(c, "C"),
        step(("Pemeriksaan dokumen asli", "Check of original documents"),
             location=imi, actor=officer, duration="±10 menit", cost="Gratis"),
        step(("Foto, sidik jari, dan wawancara", "Photo, fingerprints and interview"),
             detail=("Pakai pakaian berkerah, bukan warna putih; jelaskan tujuan perjalanan "
                     "dengan jujur.",
                     "Wear a collared top that is not white; explain the purpose of your trip "
                     "honestly."),
             location="Ruang foto dan wawancara", actor="Pemohon dan petugas",
             duration="±15 menit", cost="Gratis"),
        step(("Ambil paspor", "Collect your passport"),
             detail=(f"Paspor selesai 3–4 hari kerja dan diambil di gerai {mpp_id} pada hari "
                     f"buka berikutnya ({days_id}), atau di kantor {short_id}. Bawa bukti "
                     "pengambilan.",
                     f"The passport is ready in 3–4 working days; collect it at the {mpp_en} "
                     f"counter on its next opening day ({days_en}), or at {short_en}. Bring "
                     "your collection slip."),
             location=imi, actor="Pemohon", duration="±10 menit", cost="Gratis"),
    ]
    elsewhere_note = (f"Gerai Imigrasi di MPP hanya buka hari {days_id}, untuk paspor biasa. "
                      "Pemohon e-paspor, atau bila kuota gerai penuh, menjalani foto, sidik jari, "
                      f"dan wawancara di kantor {short_id}.",
                      f"The immigration counter at the MPP opens only on {days_en}, for "
                      "ordinary passports. E-passport applicants, or anyone when the counter's "
                      f"quota is full, have the photo, fingerprints and interview at {short_en}.")
    c.service(
        slug="paspor-baru", agency="imigrasi", queue_prefix="C", daily_quota=40,
        availability="partial",
        name=("Paspor baru (paspor biasa 48 halaman dan e-paspor)",
              "New passport (ordinary 48-page passport and e-passport)"),
        summary=("Permohonan paspor pertama kali bagi WNI. Jadwal dipesan lewat aplikasi "
                 "M-Paspor; di gerai dilakukan pemeriksaan dokumen, foto, sidik jari, dan "
                 "wawancara.",
                 "First passport application for Indonesian citizens. Book your appointment "
                 "through the M-Paspor app; at the counter your documents are checked and your "
                 "photo, fingerprints and interview are taken."),
        requirements=[
            ktp(form="original_and_copy", detail=a4),
            kk(form="original_and_copy", detail=a4),
            civil_doc,
            mpaspor,
            req(("Rekomendasi paspor dari Dinas Tenaga Kerja", "Passport recommendation from the "
                                                               "manpower office"),
                form="original",
                condition=("akan bekerja di luar negeri sebagai pekerja migran",
                           "you are going abroad as a migrant worker")),
            req(("Kehadiran kedua orang tua dengan KTP-el dan paspornya",
                 "Both parents present with their KTP-el and passports"),
                form="original_and_copy",
                condition=("pemohon masih di bawah 17 tahun", "the applicant is under 17")),
        ],
        steps=interview_steps,
        processing_time=("3–4 hari kerja setelah wawancara", "3–4 working days after the "
                                                              "interview"),
        fee=_passport_fee(),
        product=("Paspor RI (biasa atau elektronik)", "Indonesian passport (ordinary or "
                                                       "electronic)"),
        legal_basis=PASPOR_LAW + "; " + PASPOR_PNBP,
        elsewhere=(elsewhere_note, office),
        online=("https://www.imigrasi.go.id",
                ("Pengajuan dan pemilihan jadwal wajib lewat aplikasi M-Paspor.",
                 "Applications and appointments go through the M-Paspor app.")),
        life_events=["bepergian", "kerja"],
        keywords=["paspor", "pasport", "passport", "bikin paspor", "buat paspor", "paspor baru",
                  "m-paspor", "mpaspor", "e-paspor", "urus paspor", "paspor umroh", "imigrasi"],
    )

    c.service(
        slug="paspor-penggantian", agency="imigrasi", queue_prefix="C", daily_quota=40,
        availability="partial",
        name=("Penggantian paspor (habis masa berlaku atau halaman penuh)",
              "Replacing a passport (expired or full)"),
        summary=("Penggantian paspor yang habis masa berlakunya, akan habis, atau halamannya "
                 "penuh. Data yang berubah (nama, alamat, status) disesuaikan sekaligus.",
                 "Replacement of a passport that has expired, is about to expire, or has no "
                 "pages left. Changed details (name, address, status) are updated at the same "
                 "time."),
        requirements=[
            req(("Paspor lama", "Your old passport"), form="original_and_copy",
                detail=("Fotokopi halaman data dan halaman pengesahan terakhir.",
                        "Copy the data page and the last endorsement page.")),
            ktp(form="original_and_copy", detail=a4),
            mpaspor,
            kk(form="original_and_copy",
               condition=("ada data yang berbeda dengan paspor lama",
                          "any details differ from the old passport")),
            req(("Dokumen dasar perubahan data", "Document supporting the change of details"),
                form="original_and_copy",
                condition=("mengganti nama atau data lain, misalnya dengan penetapan pengadilan",
                           "you are changing your name or other details, e.g. by a court ruling")),
        ],
        steps=interview_steps,
        processing_time=("3–4 hari kerja setelah wawancara", "3–4 working days after the "
                                                              "interview"),
        fee=_passport_fee(),
        product=("Paspor RI pengganti", "Replacement Indonesian passport"),
        legal_basis=PASPOR_LAW + "; " + PASPOR_PNBP,
        elsewhere=(elsewhere_note, office),
        online=("https://www.imigrasi.go.id",
                ("Pengajuan dan pemilihan jadwal lewat aplikasi M-Paspor.",
                 "Applications and appointments go through the M-Paspor app.")),
        life_events=["bepergian"],
        keywords=["ganti paspor", "perpanjang paspor", "paspor habis", "paspor mati",
                  "perpanjangan paspor", "paspor penuh", "paspor", "pasport"],
    )

    c.service(
        slug="paspor-hilang-rusak", agency="imigrasi", queue_prefix="C", availability="info",
        name=("Penggantian paspor hilang atau rusak", "Replacing a lost or damaged passport"),
        summary=("Informasi penggantian paspor yang hilang atau rusak. Layanan ini hanya "
                 f"dilakukan di kantor {short_id} karena ada pemeriksaan dan berita acara; di "
                 "MPP Anda mendapat penjelasan dan daftar berkas.",
                 "Information on replacing a lost or damaged passport. This is handled only at "
                 f"{short_en}, because an examination and an official report are needed; at the "
                 "MPP you get an explanation and a checklist."),
        requirements=[
            req(("Surat keterangan kehilangan dari kepolisian", "Police loss report"),
                form="original_and_copy",
                condition=("paspor hilang", "the passport was lost"),
                source="Kepolisian sektor (polsek) atau polres terdekat"),
            req(("Paspor yang rusak", "The damaged passport"), form="original",
                condition=("paspor rusak", "the passport is damaged")),
            ktp(form="original_and_copy"),
            kk(form="original_and_copy"),
            civil_doc,
        ],
        steps=[
            step(("Tanyakan persyaratan di gerai atau meja informasi",
                  "Ask about the requirements at the counter or information desk"),
                 location=imi, actor="Petugas gerai", duration="±10 menit", cost="Gratis"),
            step((f"Datang ke kantor {short_id} dengan berkas lengkap",
                  f"Go to {short_en} with all your documents"),
                 location=(short_id, short_en), actor="Pemohon", duration="Sesuai antrean",
                 cost="Gratis"),
            step(("Pemeriksaan dan berita acara", "Examination and official report"),
                 detail=("Petugas menanyakan kronologi hilang/rusaknya paspor.",
                         "The officer asks how the passport was lost or damaged."),
                 location=(short_id, short_en), actor=officer, duration="±30 menit",
                 cost="Gratis"),
            step(("Bayar PNBP dan biaya beban, lalu foto dan sidik jari",
                  "Pay the fee and surcharge, then photo and fingerprints"),
                 location=(short_id, short_en), actor="Pemohon", duration="±30 menit",
                 cost="Sesuai tarif"),
        ],
        processing_time=("Sesuai hasil pemeriksaan di kantor Imigrasi; umumnya 4 hari kerja "
                         "setelah pemeriksaan",
                         "Depends on the examination at the immigration office; usually 4 "
                         "working days after it"),
        fee=paid(350_000,
                 ("Tarif paspor (mulai Rp350.000) ditambah biaya beban: paspor hilang "
                  "Rp1.000.000, paspor rusak Rp500.000. Biaya beban dapat dibebaskan bila "
                  "hilang atau rusak karena bencana.",
                  "The passport fee (from Rp350,000) plus a surcharge: Rp1,000,000 for a lost "
                  "passport, Rp500,000 for a damaged one. The surcharge can be waived if the "
                  "loss or damage was caused by a disaster."), PASPOR_PNBP),
        product=("Paspor RI pengganti", "Replacement Indonesian passport"),
        legal_basis=PASPOR_LAW + "; " + PASPOR_PNBP,
        elsewhere=((f"Hanya dilayani di kantor {short_id}. Gerai MPP memberi informasi dan "
                    "memeriksa kelengkapan berkas sebelum Anda berangkat.",
                    f"Handled only at {short_en}. The MPP counter gives information and checks "
                    "that your documents are complete before you go."), office),
        life_events=["dokumen-hilang", "bepergian"],
        keywords=["paspor hilang", "paspor rusak", "kehilangan paspor", "paspor sobek",
                  "paspor basah", "paspor", "pasport"],
    )


def _samsat(c: SiteContext) -> None:
    samsat = c.gerai("samsat")
    officer = c.officer("samsat")
    short_id, short_en = c.short("samsat")
    app_id, app_en = c["samsat_app"]
    law = SAMSAT_LAW + "; " + c["perda_pdrd_prov"] + "; " + POLRI_PNBP
    fee_law = "UU 1/2022; " + POLRI_PNBP + "; " + c["perda_pdrd_prov"]
    owner = [
        ktp(whose=("KTP-el pemilik sesuai nama di STNK", "KTP-el of the owner named on the STNK"),
            group=1),
        req(("Fotokopi KTP-el pemilik dan surat kuasa bermeterai Rp10.000",
             "Copy of the owner's KTP-el and an authorisation letter with a Rp10,000 duty stamp"),
            form="original", group=1,
            condition=("yang datang bukan pemilik", "someone other than the owner comes"),
            source="Kantor pos atau toko alat tulis"),
    ]
    c.service(
        slug="pajak-kendaraan-tahunan", agency="samsat", queue_prefix="E", daily_quota=150,
        name=("Pajak kendaraan tahunan (pengesahan STNK)",
              "Annual vehicle tax (yearly STNK endorsement)"),
        summary=("Pembayaran Pajak Kendaraan Bermotor (PKB) dan SWDKLLJ tahunan sekaligus "
                 "pengesahan STNK, untuk sepeda motor dan mobil.",
                 "Payment of the annual motor vehicle tax (PKB) and road accident levy "
                 "(SWDKLLJ), with the yearly endorsement of the registration certificate (STNK), "
                 "for motorcycles and cars."),
        requirements=[
            req(("STNK asli", "Original vehicle registration certificate (STNK)"),
                form="original"),
            *owner,
            req(("Notice pajak tahun lalu", "Last year's tax notice"), form="original",
                optional=True,
                detail=("Membantu bila data kendaraan perlu dicek.",
                        "Helpful if the vehicle's records need checking.")),
        ],
        steps=[
            queue_step(c, "E"),
            step(("Serahkan STNK dan KTP-el", "Hand in the STNK and KTP-el"),
                 location=samsat, actor="Pemohon", duration="±5 menit", cost="Gratis"),
            step(("Penetapan pajak", "Tax assessment"),
                 detail=("Petugas menghitung PKB, SWDKLLJ, dan denda bila terlambat.",
                         "The officer works out the vehicle tax, the accident levy and any "
                         "late penalty."),
                 location=samsat, actor=officer, duration="±5 menit", cost="Gratis"),
            step(("Bayar di kasir", "Pay at the cashier"),
                 detail=("Tunai atau nontunai (QRIS, kartu debit).",
                         "Cash or cashless (QRIS, debit card)."),
                 location=samsat, actor="Pemohon", duration="±5 menit", cost="Sesuai tagihan"),
            step(("Terima STNK yang sudah disahkan dan notice pajak",
                  "Collect your endorsed STNK and the tax notice"),
                 location=samsat, actor="Pemohon", duration="±5 menit", cost="Gratis"),
        ],
        processing_time=("±20 menit", "About 20 minutes"),
        fee=paid(25_000,
                 ("PNBP pengesahan STNK Rp25.000 (sepeda motor) atau Rp50.000 (mobil), ditambah "
                  "PKB sesuai tagihan dan SWDKLLJ (sepeda motor Rp35.000, mobil pribadi "
                  "Rp143.000). Keterlambatan dikenai denda PKB dan denda SWDKLLJ.",
                  "STNK endorsement fee Rp25,000 (motorcycle) or Rp50,000 (car), plus the "
                  "vehicle tax as billed and the accident levy (motorcycle Rp35,000, private car "
                  "Rp143,000). Late payment incurs tax and levy penalties."),
                 fee_law),
        product=("STNK yang sudah disahkan dan notice pajak (SKKP)",
                 "Endorsed STNK and tax notice (SKKP)"),
        legal_basis=law,
        online=(c["samsat_url"],
                (f"Bisa dibayar lewat {app_id}; pengesahan STNK elektronik (e-Pengesahan) "
                 "dikirim ke aplikasi.",
                 f"You can pay through {app_en}; the electronic STNK endorsement is sent to "
                 "the app.")),
        life_events=["kendaraan", "pajak"],
        keywords=["pajak kendaraan", "pajak motor", "pajak mobil", "bayar pajak motor",
                  "bayar pajak mobil", "samsat", "pkb", "stnk tahunan", "pengesahan stnk",
                  "pajak tahunan", "bayar stnk"],
    )

    c.service(
        slug="stnk-lima-tahunan", agency="samsat", queue_prefix="E", daily_quota=60,
        availability="partial",
        name=("Perpanjangan STNK lima tahunan dan ganti pelat nomor",
              "Five-yearly STNK renewal and new number plates"),
        summary=("Penggantian STNK dan pelat nomor (TNKB) setiap lima tahun, sekaligus membayar "
                 "pajak tahun berjalan. Kendaraan wajib dibawa untuk cek fisik.",
                 "Replacement of the registration certificate (STNK) and number plates (TNKB) "
                 "every five years, together with this year's tax. The vehicle must be brought "
                 "for a physical inspection."),
        requirements=[
            req(("STNK asli", "Original vehicle registration certificate (STNK)"),
                form="original"),
            req(("BPKB asli", "Original vehicle ownership book (BPKB)"), form="original_and_copy",
                detail=("Jika BPKB masih dijaminkan di leasing, minta surat keterangan dan "
                        "fotokopi BPKB yang dilegalisir dari perusahaan pembiayaan.",
                        "If the BPKB is held by a finance company, ask it for a letter and a "
                        "certified copy of the BPKB."),
                source=("Perusahaan pembiayaan (leasing)", "Your finance company")),
            *owner,
            req(("Kendaraan yang bersangkutan", "The vehicle itself"),
                detail=("Untuk cek fisik (gesek nomor rangka dan nomor mesin).",
                        "For the physical check (rubbing of the chassis and engine numbers).")),
            req(("Pelat nomor (TNKB) lama", "The old number plates (TNKB)"), form="original",
                optional=True),
        ],
        steps=[
            queue_step(c, "E"),
            step(("Cek fisik kendaraan", "Physical inspection of the vehicle"),
                 detail=("Dilakukan di area parkir MPP bila petugas cek fisik bertugas; bila "
                         "tidak, di kantor Samsat.",
                         "Done in the MPP car park when an inspection officer is on duty; "
                         "otherwise at the Samsat office."),
                 location="Area parkir MPP (cek fisik)", actor="Petugas lapangan",
                 duration="±15 menit", cost="Gratis"),
            step(("Serahkan berkas dan hasil cek fisik", "Hand in your documents and the "
                                                         "inspection sheet"),
                 location=samsat, actor="Pemohon", duration="±10 menit", cost="Gratis"),
            step(("Penetapan dan pembayaran", "Assessment and payment"),
                 location=samsat, actor="Pemohon", duration="±15 menit", cost="Sesuai tagihan"),
            step(("Terima STNK baru; ambil pelat nomor baru", "Collect the new STNK; pick up the "
                                                             "new plates"),
                 detail=("Pelat nomor baru diambil di kantor Samsat bila belum tersedia di gerai.",
                         "New plates are collected at the Samsat office if the counter has none "
                         "in stock."),
                 location=samsat, actor="Pemohon", duration="±10 menit", cost="Gratis"),
        ],
        processing_time=("±1 jam setelah cek fisik; pelat nomor baru bisa menyusul",
                         "About 1 hour after the inspection; new plates may follow later"),
        fee=paid(160_000,
                 ("PNBP STNK Rp100.000 (motor) / Rp200.000 (mobil) dan TNKB Rp60.000 (motor) / "
                  "Rp100.000 (mobil), ditambah PKB dan SWDKLLJ tahun berjalan serta denda bila "
                  "terlambat.",
                  "STNK fee Rp100,000 (motorcycle) / Rp200,000 (car) and plates Rp60,000 "
                  "(motorcycle) / Rp100,000 (car), plus this year's vehicle tax and accident "
                  "levy, and any late penalties."),
                 fee_law),
        product=("STNK baru, notice pajak, dan pelat nomor (TNKB) baru",
                 "New STNK, tax notice and new number plates"),
        legal_basis=law,
        elsewhere=(("Cek fisik dan pengambilan pelat nomor baru dilakukan di kantor "
                    f"{short_id} bila petugas cek fisik tidak bertugas di MPP atau pelat belum "
                    "tersedia di gerai.",
                    f"The vehicle inspection and collection of new plates happen at {short_en} "
                    "when no inspection officer is on duty at the MPP or the counter has no "
                    "plates."), c.office("samsat")),
        life_events=["kendaraan", "pajak"],
        keywords=["perpanjang stnk", "stnk 5 tahun", "stnk lima tahun", "ganti plat",
                  "ganti pelat", "plat nomor baru", "stnk mati", "pajak 5 tahunan", "ganti stnk",
                  "cek fisik"],
    )

    c.service(
        slug="balik-nama-kendaraan", agency="samsat", queue_prefix="E", availability="info",
        name=("Balik nama kendaraan bekas", "Transferring a used vehicle to a new owner"),
        summary=("Informasi balik nama STNK dan BPKB kendaraan bekas, termasuk mutasi dari luar "
                 f"daerah. Prosesnya di kantor {short_id} dan Satlantas karena BPKB baru "
                 "diterbitkan kepolisian.",
                 "Information on transferring the STNK and BPKB of a used vehicle, including "
                 f"vehicles from other regions. It is handled at {short_en} and the traffic "
                 "police, because the new BPKB is issued by the police."),
        requirements=[
            req(("STNK dan BPKB asli", "Original STNK and BPKB"), form="original_and_copy"),
            ktp(form="original_and_copy", whose=("KTP-el pemilik baru", "New owner's KTP-el")),
            req(("Kuitansi jual beli bermeterai Rp10.000", "Sale receipt with a Rp10,000 duty "
                                                           "stamp"),
                form="original", source="Dealer atau pemilik sebelumnya"),
            req(("Hasil cek fisik kendaraan", "Vehicle inspection sheet"), form="original"),
            req(("Surat keterangan mutasi dari daerah asal", "Transfer letter from the region of "
                                                             "origin"),
                form="original",
                condition=("kendaraan berasal dari luar provinsi",
                           "the vehicle comes from another province")),
        ],
        steps=[
            step(("Tanyakan daftar berkas di gerai Samsat", "Ask for the checklist at the Samsat "
                                                            "counter"),
                 location=samsat, actor="Petugas gerai", duration="±10 menit", cost="Gratis"),
            step(("Cek fisik dan pengajuan di kantor Samsat", "Inspection and application at "
                                                              "the Samsat office"),
                 location=(short_id, short_en), actor="Pemohon", duration="±2 jam",
                 cost="Sesuai tagihan"),
            step(("Ambil STNK baru, lalu BPKB baru", "Collect the new STNK, then the new BPKB"),
                 detail=("BPKB atas nama baru menyusul; waktunya diberitahukan petugas.",
                         "The BPKB in the new name follows later; the officer tells you when."),
                 location=(short_id, short_en), actor="Pemohon", duration="Sesuai jadwal",
                 cost="Gratis"),
        ],
        processing_time=("STNK ±1 hari kerja; BPKB menyusul sesuai jadwal Satlantas",
                         "STNK about 1 working day; the BPKB follows on the traffic police's "
                         "schedule"),
        fee=paid(385_000,
                 ("Untuk sepeda motor: PNBP BPKB ganti pemilik Rp225.000, STNK Rp100.000, dan TNKB "
                  "Rp60.000 (mobil: Rp375.000, Rp200.000, dan Rp100.000), ditambah PKB tahun "
                  "berjalan. Sejak UU 1/2022 banyak provinsi tidak lagi memungut BBNKB untuk "
                  "kendaraan bekas; tanyakan ketentuan terbaru di gerai.",
                  "For a motorcycle: BPKB change-of-owner fee Rp225,000, STNK Rp100,000 and "
                  "plates Rp60,000 (car: Rp375,000, Rp200,000 and Rp100,000), plus this year's "
                  "vehicle tax. Since Law 1/2022 many provinces no longer charge transfer tax "
                  "(BBNKB) on used vehicles; ask at the counter for the current rules."),
                 fee_law),
        product=("STNK dan BPKB atas nama pemilik baru", "STNK and BPKB in the new owner's name"),
        legal_basis=law,
        elsewhere=((f"Seluruh proses dilakukan di kantor {short_id} dan Satlantas; gerai MPP "
                    "hanya memberi informasi dan memeriksa kelengkapan berkas.",
                    f"The whole process takes place at {short_en} and the traffic police; the "
                    "MPP counter only gives information and checks your documents."),
                   c.office("samsat")),
        life_events=["kendaraan"],
        keywords=["balik nama", "balik nama motor", "balik nama mobil", "bbn", "bbnkb",
                  "motor bekas", "mobil bekas", "ganti nama stnk", "mutasi kendaraan",
                  "cabut berkas"],
    )

