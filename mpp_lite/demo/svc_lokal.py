"""Services that only one of the two demo sites offers."""
from __future__ import annotations

from .builders import free, req, step
from .common import kk, ktp, proxy_letter, queue_step
from .context import SiteContext


def maros_extras(c: SiteContext) -> None:
    """Bank Sulselbar business credit and Dinas Sosial (social assistance data)."""
    bank = c.gerai("bank-sulselbar")
    c.service(
        slug="kur-bank-sulselbar", agency="bank-sulselbar", queue_prefix="N",
        availability="partial",
        name=("Pengajuan Kredit Usaha Rakyat (KUR) Bank Sulselbar",
              "Applying for a People's Business Credit (KUR) loan at Bank Sulselbar"),
        summary=("Konsultasi dan pengajuan KUR mikro untuk usaha produktif yang sudah berjalan "
                 "paling sedikit 6 bulan. Plafon KUR mikro sampai Rp100 juta tanpa agunan "
                 "tambahan; bunga 6% efektif per tahun bagi debitur KUR pertama kali.",
                 "Advice on and applications for micro KUR loans for productive businesses "
                 "running for at least 6 months. Micro KUR loans go up to Rp100 million without "
                 "extra collateral; interest is 6% effective a year for first-time borrowers."),
        requirements=[
            ktp(form="copy", whose=("KTP-el pemohon dan suami/istri",
                                    "KTP-el of the applicant and spouse"), qty=2),
            kk(form="copy"),
            req(("NIB usaha", "Business NIB"), form="copy", group=1,
                source=("Gerai DPMPTSP (layanan NIB)", "DPMPTSP counter (NIB service)")),
            req(("Surat keterangan usaha dari desa/kelurahan", "Business certificate from the "
                                                               "village office"),
                form="original", group=1, source="Kantor desa/kelurahan"),
            req(("Buku nikah atau akta cerai", "Marriage book or divorce certificate"),
                form="copy", condition=("sudah atau pernah menikah",
                                        "you are or have been married")),
            req(("NPWP (NIK yang sudah dipadankan)", "Tax number (NIK linked as NPWP)"),
                condition=("plafon kredit di atas Rp50 juta", "the loan is above Rp50 million")),
            req(("Foto tempat usaha dan catatan pemasukan-pengeluaran sederhana",
                 "Photos of the business and a simple income and expense record"),
                form="digital", optional=True),
        ],
        steps=[
            queue_step(c, "N", online=False),
            step(("Konsultasi dan isi formulir pengajuan", "Advice and application form"),
                 location=bank, actor=("Petugas kredit", "Loan officer"), duration="±20 menit",
                 cost="Gratis"),
            step(("Pemeriksaan riwayat kredit (SLIK OJK)", "Credit history check (OJK SLIK)"),
                 location=bank, actor=("Petugas kredit", "Loan officer"),
                 duration="1–2 hari kerja", cost="Gratis"),
            step(("Survei tempat usaha", "Visit to your business"),
                 location=("Tempat usaha pemohon", "Your business premises"),
                 actor=("Analis kredit", "Credit analyst"), duration="Sesuai jadwal",
                 cost="Gratis"),
            step(("Akad kredit dan pencairan", "Signing the loan agreement and disbursement"),
                 location=("Bank Sulselbar Cabang Maros", "Bank Sulselbar Maros branch"),
                 actor="Pemohon dan petugas", duration="±1 jam", cost="Gratis"),
        ],
        processing_time=("±5–14 hari kerja sejak berkas lengkap", "About 5–14 working days once "
                                                                  "the file is complete"),
        fee=free("Permenko Perekonomian 1/2023",
                 ("Tidak ada biaya provisi dan administrasi untuk KUR; yang dibayar hanya "
                  "angsuran pokok dan bunga.",
                  "KUR loans carry no arrangement or admin fee; you only repay principal and "
                  "interest.")),
        product=("Kredit Usaha Rakyat (KUR) mikro", "Micro People's Business Credit (KUR) loan"),
        legal_basis=("Permenko Perekonomian 1/2023 tentang Pedoman Pelaksanaan Kredit Usaha "
                     "Rakyat; POJK 22/2023"),
        elsewhere=(("Survei tempat usaha dilakukan oleh analis kredit, dan akad serta pencairan "
                    "di kantor cabang Bank Sulselbar.",
                    "The business visit is done by a credit analyst, and the loan is signed and "
                    "paid out at the Bank Sulselbar branch."), c.office("bank-sulselbar")),
        life_events=["buka-usaha"],
        keywords=["kur", "kredit usaha rakyat", "pinjaman usaha", "modal usaha", "kredit umkm",
                  "pinjam bank", "bank sulselbar", "kur mikro", "pinjaman modal"],
    )

    dinsos = c.gerai("dinsos")
    officer = c.officer("dinsos")
    days = ("Gerai Dinsos buka hari Senin, Rabu, dan Jumat pagi.",
            "The social affairs counter opens on Monday, Wednesday and Friday mornings.")
    c.service(
        slug="cek-usulan-bansos", agency="dinsos", queue_prefix="W",
        name=("Cek status dan usulan penerima bantuan sosial (DTSEN)",
              "Checking and applying for social assistance (DTSEN)"),
        summary=("Cek apakah keluarga Anda terdaftar sebagai penerima bantuan sosial (PKH, "
                 "Sembako/BPNT, PBI JK) dan ajukan usulan atau sanggahan. Data diverifikasi "
                 "Dinsos dan diteruskan ke Kementerian Sosial. " + days[0],
                 "Check whether your family is registered for social assistance (PKH, food aid, "
                 "free health insurance) and apply or object. The social affairs office "
                 "verifies the data and passes it to the Ministry of Social Affairs. "
                 + days[1]),
        requirements=[
            ktp(),
            kk(),
            req(("Foto rumah tampak depan dan dalam", "Photos of the front and inside of your "
                                                      "house"),
                form="digital", optional=True,
                condition=("mengajukan usulan baru", "you are making a new application")),
            req(("Surat keterangan dari desa/kelurahan", "Letter from the village office"),
                form="original", optional=True,
                detail=("Hasil musyawarah desa/kelurahan, bila sudah ada.",
                        "The outcome of the village meeting, if there has been one."),
                source="Kantor desa/kelurahan"),
        ],
        steps=[
            queue_step(c, "W"),
            step(("Cek status NIK di data bansos", "Check your NIK in the assistance database"),
                 location=dinsos, actor=officer, duration="±10 menit", cost="Gratis"),
            step(("Isi formulir usulan atau sanggahan", "Fill in the application or objection "
                                                        "form"),
                 location=dinsos, actor="Pemohon", duration="±10 menit", cost="Gratis"),
            step(("Verifikasi lapangan", "Home visit"),
                 detail=("Pendamping sosial atau petugas desa mengunjungi rumah Anda.",
                         "A social worker or village officer visits your home."),
                 location=("Rumah pemohon", "Your home"), actor="Petugas lapangan",
                 duration="Sesuai jadwal", cost="Gratis"),
            step(("Pantau hasil di aplikasi Cek Bansos", "Follow the result in the Cek Bansos "
                                                        "app"),
                 location="Ponsel pemohon", actor="Pemohon", duration="±5 menit", cost="Gratis"),
        ],
        processing_time=("Cek status ±10 menit; hasil usulan mengikuti pemutakhiran data "
                         "Kementerian Sosial",
                         "Status check about 10 minutes; the outcome follows the Ministry of "
                         "Social Affairs' data updates"),
        fee=free("UU 13/2011", ("Bantuan sosial tidak pernah dipungut biaya; laporkan bila ada "
                                "yang meminta bayaran.",
                                "Social assistance never costs anything; report anyone who "
                                "asks you for money.")),
        product=("Status kepesertaan dan tanda terima usulan", "Membership status and a receipt "
                                                               "for your application"),
        legal_basis=("UU 13/2011 tentang Penanganan Fakir Miskin; Inpres 4/2025 tentang Data "
                     "Tunggal Sosial dan Ekonomi Nasional"),
        online=("https://cekbansos.kemensos.go.id",
                ("Cek status dan usul-sanggah juga bisa lewat aplikasi Cek Bansos.",
                 "You can also check and apply or object in the Cek Bansos app.")),
        life_events=["kesehatan"],
        keywords=["bansos", "dtks", "dtsen", "pkh", "bpnt", "sembako", "cek bansos",
                  "daftar bansos", "bantuan sosial", "kartu sembako", "blt"],
    )

    c.service(
        slug="pbi-jk", agency="dinsos", queue_prefix="W",
        name=("Usulan dan pengaktifan kembali BPJS Kesehatan PBI (iuran ditanggung pemerintah)",
              "Applying for or reactivating government-paid BPJS Kesehatan (PBI)"),
        summary=("Bagi warga tidak mampu yang kartu KIS PBI-nya nonaktif atau belum terdaftar. "
                 "Dinsos memverifikasi dan mengusulkan pendaftaran atau pengaktifan kembali, "
                 "didahulukan bagi yang sedang sakit atau dirawat. " + days[0],
                 "For people on low incomes whose government-paid health insurance card (KIS "
                 "PBI) is inactive or who are not yet covered. The social affairs office "
                 "verifies and proposes registration or reactivation, with priority for people "
                 "who are ill or in hospital. " + days[1]),
        requirements=[
            ktp(),
            kk(),
            req(("Kartu KIS lama", "Old KIS card"), form="original", optional=True,
                condition=("pernah terdaftar", "you were registered before")),
            req(("Surat keterangan dari dokter atau rumah sakit", "Letter from a doctor or "
                                                                  "hospital"),
                form="original",
                condition=("sedang sakit kronis atau dirawat (untuk pengaktifan segera)",
                           "you have a chronic illness or are in hospital (for urgent "
                           "reactivation)"),
                source="Dokter atau rumah sakit"),
            req(("Surat keterangan tidak mampu dari desa/kelurahan", "Certificate of low income "
                                                                    "from the village office"),
                form="original", optional=True, source="Kantor desa/kelurahan"),
            proxy_letter(("diurus keluarga karena pasien dirawat",
                          "a relative handles it because the patient is in hospital")),
        ],
        steps=[
            queue_step(c, "W"),
            step(("Cek status kepesertaan", "Check membership status"),
                 location=dinsos, actor=officer, duration="±10 menit", cost="Gratis"),
            step(("Verifikasi dan pengusulan", "Verification and proposal"),
                 location=dinsos, actor=officer, duration="±15 menit", cost="Gratis"),
            step(("Konfirmasi status aktif di Mobile JKN atau Care Center 165",
                  "Confirm the active status in Mobile JKN or via Care Center 165"),
                 location="Ponsel pemohon", actor="Pemohon", duration="±5 menit", cost="Gratis"),
        ],
        processing_time=("Pengaktifan darurat bagi pasien dirawat 1–3 hari kerja; usulan biasa "
                         "mengikuti penetapan Kementerian Sosial",
                         "Urgent reactivation for in-patients 1–3 working days; ordinary "
                         "proposals follow the Ministry of Social Affairs' decisions"),
        fee=free("PP 101/2012"),
        product=("Kepesertaan JKN PBI aktif", "Active government-paid JKN membership"),
        legal_basis=("PP 101/2012 tentang Penerima Bantuan Iuran Jaminan Kesehatan sebagaimana "
                     "diubah PP 76/2015"),
        life_events=["kesehatan"],
        keywords=["kis pbi", "bpjs gratis", "bpjs nonaktif", "kis mati", "reaktivasi bpjs",
                  "pbi", "bpjs pbi", "jkn gratis", "kis", "bpjs"],
    )


def ngawi_extras(c: SiteContext) -> None:
    """Prosecutor's office, manpower office, home-food permits and the co-working space."""
    kejari = c.gerai("kejaksaan")
    kejari_officer = c.officer("kejaksaan")
    short_id, short_en = c.short("kejaksaan")
    days = ("Gerai Kejari buka hari Senin dan Kamis, 08.00–12.00.",
            "The prosecutor's counter opens on Mondays and Thursdays, 08:00–12:00.")
    c.service(
        slug="barang-bukti-tilang", agency="kejaksaan", queue_prefix="U",
        name=("Pengambilan barang bukti tilang", "Collecting items held after a traffic ticket"),
        summary=("Pengambilan SIM, STNK, atau kendaraan yang disita saat tilang, setelah denda "
                 "dibayar sesuai putusan pengadilan. " + days[0],
                 "Collection of a driving licence, registration certificate or vehicle seized "
                 "with a traffic ticket, once the fine set by the court has been paid. "
                 + days[1]),
        requirements=[
            req(("Surat tilang atau nomor register tilang", "Traffic ticket or ticket register "
                                                            "number"),
                form="original"),
            req(("Bukti bayar denda tilang", "Receipt for the traffic fine"), form="original",
                detail=("Denda dibayar ke rekening virtual (BRIVA) sesuai putusan.",
                        "The fine is paid into the virtual account (BRIVA) given in the "
                        "ruling.")),
            ktp(whose=("KTP-el pelanggar", "KTP-el of the person ticketed")),
            req(("STNK atau BPKB kendaraan", "The vehicle's STNK or BPKB"),
                form="original_and_copy",
                condition=("yang disita kendaraan", "a vehicle was seized")),
            proxy_letter(),
        ],
        steps=[
            step(("Cek putusan dan besar denda", "Check the ruling and the fine"),
                 detail=("Lihat di situs tilang Kejaksaan atau tanyakan di gerai.",
                         "Look it up on the prosecution service's traffic-ticket site or ask "
                         "at the counter."),
                 location="Rumah (daring)", actor="Pemohon", duration="±5 menit", cost="Gratis"),
            step(("Bayar denda lewat bank", "Pay the fine at a bank"),
                 location="Bank atau kantor pos", actor="Pemohon", duration="±10 menit",
                 cost="Sesuai putusan"),
            queue_step(c, "U", online=False),
            step(("Serahkan bukti bayar dan terima barang bukti",
                  "Hand in the receipt and collect your items"),
                 detail=("Kendaraan diambil di gudang barang bukti Kejari dengan surat "
                         "pengantar dari gerai.",
                         "Vehicles are collected from the prosecutor's evidence store with a "
                         "release note from the counter."),
                 location=kejari, actor=kejari_officer, duration="±15 menit", cost="Gratis"),
        ],
        processing_time=("±15 menit setelah denda dibayar", "About 15 minutes once the fine is "
                                                            "paid"),
        fee=free("PERMA 12/2016",
                 ("Pengambilan barang bukti tidak dipungut biaya. Denda tilang dibayar sesuai "
                  "putusan hakim.",
                  "Collecting your items is free. The traffic fine is paid as set by the "
                  "judge.")),
        product=("SIM, STNK, atau kendaraan yang disita", "The seized licence, registration "
                                                          "certificate or vehicle"),
        legal_basis=("UU 22/2009 tentang Lalu Lintas dan Angkutan Jalan; PERMA 12/2016 tentang "
                     "Tata Cara Penyelesaian Perkara Pelanggaran Lalu Lintas"),
        life_events=["kendaraan"],
        keywords=["tilang", "ambil tilang", "barang bukti tilang", "sim ditilang",
                  "stnk ditilang", "denda tilang", "kejaksaan", "sidang tilang", "e-tilang",
                  "etle"],
    )

    c.service(
        slug="konsultasi-hukum-kejaksaan", agency="kejaksaan", queue_prefix="U",
        name=("Konsultasi hukum gratis dengan jaksa (perdata dan tata usaha negara)",
              "Free legal advice from a state prosecutor (civil and administrative matters)"),
        summary=("Pelayanan hukum gratis oleh Jaksa Pengacara Negara: penjelasan dan saran "
                 "tentang masalah perdata atau tata usaha negara, misalnya sengketa tanah, "
                 "utang piutang, waris, atau hubungan kerja. Tidak termasuk mendampingi perkara "
                 "pribadi di pengadilan. " + days[0],
                 "Free legal service from state attorney prosecutors: explanations and advice "
                 "on civil or administrative problems such as land disputes, debts, inheritance "
                 "or employment. It does not include representing you in court in a private "
                 "case. " + days[1]),
        requirements=[
            ktp(),
            req(("Kronologi singkat masalah", "A short account of the problem"),
                form="original",
                detail=("Tulis urutan kejadian, tanggal, dan pihak yang terlibat.",
                        "Write down what happened, when, and who is involved.")),
            req(("Dokumen yang berkaitan", "Related documents"), form="copy", optional=True,
                detail=("Misalnya sertipikat, perjanjian, kuitansi, atau surat peringatan.",
                        "E.g. certificates, agreements, receipts or warning letters.")),
        ],
        steps=[
            queue_step(c, "U", online=False),
            step(("Sampaikan masalah kepada petugas", "Explain the problem to the officer"),
                 location=kejari, actor="Pemohon", duration="±10 menit", cost="Gratis"),
            step(("Konsultasi dengan Jaksa Pengacara Negara", "Consultation with a state "
                                                              "attorney"),
                 location=kejari, actor=(f"Jaksa {short_id}", f"Prosecutor from {short_en}"),
                 duration="±30 menit", cost="Gratis"),
            step(("Terima saran tertulis bila diminta", "Receive written advice if requested"),
                 location=kejari, actor=kejari_officer, duration="Hari yang sama",
                 cost="Gratis"),
        ],
        processing_time=("±45 menit", "About 45 minutes"),
        fee=free("UU 11/2021"),
        product=("Penjelasan dan saran hukum (lisan atau tertulis)", "Legal explanation and "
                                                                     "advice (oral or written)"),
        legal_basis="UU 16/2004 tentang Kejaksaan RI sebagaimana diubah UU 11/2021",
        life_events=[],
        keywords=["konsultasi hukum", "bantuan hukum", "jaksa", "pengacara gratis",
                  "sengketa tanah", "utang piutang", "hutang piutang", "masalah hukum",
                  "kejaksaan", "jpn", "datun"],
    )

    disnaker = c.gerai("disnaker")
    c.service(
        slug="kartu-ak1", agency="disnaker", queue_prefix="V", daily_quota=60,
        name=("Kartu Tanda Pencari Kerja (kartu kuning/AK-1)", "Job seeker's card (yellow card, "
                                                               "AK-1)"),
        summary=("Kartu pencari kerja yang sering diminta saat melamar kerja atau mendaftar "
                 "pelatihan. Berlaku 2 tahun dan wajib dilaporkan setiap 6 bulan bila belum "
                 "bekerja.",
                 "The job seeker's card often asked for in job applications and training "
                 "enrolment. Valid for 2 years; report every 6 months while still looking for "
                 "work."),
        requirements=[
            ktp(),
            req(("Ijazah terakhir dan transkrip nilai", "Latest diploma and transcript"),
                form="original_and_copy", source="Sekolah atau perguruan tinggi"),
            req(("Akun SIAPkerja", "A SIAPkerja account"), form="digital",
                detail=("Daftar di siapkerja.kemnaker.go.id; petugas dapat membantu di gerai.",
                        "Register at siapkerja.kemnaker.go.id; the officer can help at the "
                        "counter.")),
            req(("Pas foto berwarna ukuran 3×4", "Colour photo, 3×4 cm"), form="original",
                qty=2, source="Studio foto"),
            req(("Sertifikat pelatihan atau pengalaman kerja", "Training or work experience "
                                                               "certificates"),
                form="copy", optional=True),
        ],
        steps=[
            step(("Buat akun SIAPkerja", "Create a SIAPkerja account"),
                 location="Rumah (daring)", actor="Pemohon", duration="±15 menit",
                 cost="Gratis"),
            queue_step(c, "V"),
            step(("Verifikasi ijazah dan data", "Check of diploma and details"),
                 location=disnaker, actor=c.officer("disnaker"), duration="±10 menit",
                 cost="Gratis"),
            step(("Cetak kartu AK-1", "Printing the AK-1 card"),
                 location=disnaker, actor=c.officer("disnaker"), duration="±5 menit",
                 cost="Gratis"),
        ],
        processing_time=("±20 menit", "About 20 minutes"),
        fee=free("Permenaker 39/2016"),
        product=("Kartu AK-1, berlaku 2 tahun", "AK-1 card, valid 2 years"),
        legal_basis="UU 13/2003 tentang Ketenagakerjaan; Permenaker 39/2016 tentang Penempatan "
                    "Tenaga Kerja",
        online=("https://siapkerja.kemnaker.go.id",
                ("Pendaftaran pencari kerja lewat SIAPkerja Kemnaker.",
                 "Job seekers register through the ministry's SIAPkerja portal.")),
        life_events=["kerja", "dewasa"],
        keywords=["kartu kuning", "ak1", "ak-1", "kartu pencari kerja", "kartu ak1",
                  "disnaker", "cari kerja", "siapkerja", "melamar kerja", "lowongan kerja"],
    )

    dinkes = c.gerai("dinkes")
    c.service(
        slug="spp-irt", agency="dinkes", queue_prefix="Q",
        name=("Sertifikat Produksi Pangan Industri Rumah Tangga (SPP-IRT/P-IRT)",
              "Home food production certificate (SPP-IRT/P-IRT)"),
        summary=("Izin edar bagi pangan olahan buatan rumah, seperti keripik, kue kering, "
                 "sambal kemasan, atau minuman serbuk, yang tahan lebih dari 7 hari. Diajukan "
                 "lewat OSS; Dinkes memberi penyuluhan keamanan pangan dan memeriksa tempat "
                 "produksi. Sertifikat berlaku 5 tahun.",
                 "Market permit for home-made processed food, such as crisps, biscuits, bottled "
                 "chilli sauce or powdered drinks, that keeps for more than 7 days. Apply "
                 "through OSS; the health office runs food-safety training and inspects the "
                 "kitchen. The certificate is valid for 5 years."),
        requirements=[
            req(("NIB dengan bidang usaha industri pangan", "NIB for a food-processing business"),
                form="digital", source=("Gerai DPMPTSP (layanan NIB)", "DPMPTSP counter (NIB "
                                                                       "service)")),
            req(("Sertifikat Penyuluhan Keamanan Pangan (PKP)", "Food Safety Training (PKP) "
                                                                "certificate"),
                form="copy",
                detail=("Untuk pemilik atau penanggung jawab produksi; jadwal penyuluhan "
                        "tersedia di gerai.",
                        "For the owner or person in charge of production; training dates are "
                        "available at the counter."),
                source=("Penyuluhan PKP Dinas Kesehatan", "Health office PKP training")),
            req(("Rancangan label kemasan", "Draft packaging label"), form="digital",
                detail=("Memuat nama produk, komposisi, berat bersih, nama dan alamat produsen, "
                        "tanggal kedaluwarsa, dan nomor P-IRT.",
                        "Showing the product name, ingredients, net weight, producer's name and "
                        "address, expiry date and P-IRT number.")),
            ktp(form="copy"),
            req(("Denah dan foto tempat produksi", "Floor plan and photos of the production "
                                                   "area"),
                form="digital"),
        ],
        steps=[
            queue_step(c, "Q"),
            step(("Ajukan SPP-IRT di OSS dengan pendampingan petugas",
                  "Apply for SPP-IRT in OSS with an officer's help"),
                 location=dinkes, actor="Pemohon dan petugas", duration="±20 menit",
                 cost="Gratis"),
            step(("Ikuti penyuluhan keamanan pangan", "Attend food-safety training"),
                 location=("Aula Dinas Kesehatan", "Health office hall"), actor="Pemohon",
                 duration="Sesuai jadwal", cost="Gratis"),
            step(("Pemeriksaan tempat produksi", "Inspection of the production area"),
                 location=("Tempat produksi", "Production premises"), actor="Petugas lapangan",
                 duration="Sesuai jadwal", cost="Gratis"),
            step(("Sertifikat terbit di OSS", "Certificate issued in OSS"),
                 detail=("Nomor P-IRT 15 digit dicantumkan pada label.",
                         "The 15-digit P-IRT number goes on the label."),
                 location=dinkes, actor=c.officer("dinkes"), duration="±10 menit",
                 cost="Gratis"),
        ],
        processing_time=("±14 hari kerja, tergantung jadwal penyuluhan dan pemeriksaan",
                         "About 14 working days, depending on training and inspection dates"),
        fee=free("PerBPOM 22/2018", ("Penyuluhan keamanan pangan juga gratis.",
                                     "The food-safety training is free too.")),
        product=("SPP-IRT dan nomor P-IRT, berlaku 5 tahun", "SPP-IRT certificate and P-IRT "
                                                             "number, valid 5 years"),
        legal_basis=("PP 86/2019 tentang Keamanan Pangan; PerBPOM 22/2018 tentang Pedoman "
                     "Pemberian SPP-IRT; PP 28/2025"),
        online=("https://oss.go.id", ("Pengajuan SPP-IRT lewat OSS.", "Apply for SPP-IRT "
                                                                      "through OSS.")),
        life_events=["buka-usaha"],
        keywords=["pirt", "p-irt", "spp-irt", "izin pirt", "izin makanan rumahan",
                  "izin edar makanan", "izin jualan makanan", "sertifikat pirt", "umkm makanan",
                  "izin dinkes"],
    )

    cowork = c.gerai("dpmptsp", "coworking")
    c.service(
        slug="reservasi-ruang-kerja-bersama", agency="dpmptsp", role="coworking",
        queue_prefix="W", daily_quota=40,
        name=("Pemesanan ruang kerja bersama (co-working space) MPP Ngawi",
              "Booking the Ngawi MPP co-working space"),
        summary=("Ruang kerja bersama gratis bagi pelaku UMKM, pelajar, dan mahasiswa: meja "
                 "kerja, Wi-Fi, colokan listrik, dan ruang rapat kecil untuk 8 orang. Dipesan "
                 "per sesi (pagi atau siang) selama jam buka MPP.",
                 "A free co-working space for small businesses and students: desks, Wi-Fi, "
                 "power sockets and a small meeting room for 8. Booked per session (morning or "
                 "afternoon) during MPP opening hours."),
        requirements=[
            ktp(group=1),
            req(("Kartu pelajar atau kartu mahasiswa", "Student card"), form="original",
                group=1, condition=("pelajar atau mahasiswa yang belum memiliki KTP-el",
                                    "you are a student without a KTP-el")),
            req(("NIB usaha", "Business NIB"), form="digital", optional=True,
                detail=("Pelaku UMKM ber-NIB didahulukan bila ruang penuh.",
                        "Small businesses with an NIB get priority when the space is full.")),
            req(("Rencana pemakaian", "Booking details"),
                detail=("Tanggal, sesi, jumlah orang, dan keperluan (kerja, rapat, belajar).",
                        "Date, session, number of people and purpose (work, meeting, "
                        "study).")),
        ],
        steps=[
            step(("Pesan sesi di meja layanan atau lewat antrean daring",
                  "Book a session at the service desk or through the online queue"),
                 location=cowork, actor="Pemohon", duration="±5 menit", cost="Gratis"),
            step(("Isi buku tamu dan titipkan kartu identitas", "Sign the guest book and leave "
                                                                "your ID card"),
                 location=cowork, actor="Petugas gerai", duration="±2 menit", cost="Gratis"),
            step(("Gunakan ruang sesuai sesi", "Use the space during your session"),
                 location=("Ruang kerja bersama, Lantai 2", "Co-working space, 2nd floor"),
                 actor="Pemohon", duration=("Satu sesi ±3 jam", "One session, about 3 hours"),
                 cost="Gratis"),
            step(("Kembalikan kartu akses dan ambil kartu identitas",
                  "Return the access card and take back your ID"),
                 location=cowork, actor="Pemohon", duration="±2 menit", cost="Gratis"),
        ],
        processing_time=("Langsung bila ada tempat kosong", "Immediately if there is space"),
        fee=free("Kebijakan Pemerintah Kabupaten Ngawi"),
        product=("Tempat di ruang kerja bersama untuk satu sesi", "A place in the co-working "
                                                                  "space for one session"),
        legal_basis="Perpres 89/2021 tentang Penyelenggaraan Mal Pelayanan Publik",
        life_events=["buka-usaha", "kerja"],
        keywords=["coworking", "co-working", "ruang kerja", "tempat kerja gratis", "wifi gratis",
                  "ruang rapat", "tempat belajar", "umkm", "ruang kerja bersama"],
    )
