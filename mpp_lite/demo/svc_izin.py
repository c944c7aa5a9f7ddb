"""Business, building and professional licences: DPMPTSP and Dinas Kesehatan."""
from __future__ import annotations

from .builders import free, paid, req, step
from .common import ktp, queue_step
from .context import SiteContext

OSS_LAW = ("UU 6/2023 tentang Penetapan Perppu 2/2022 tentang Cipta Kerja; PP 28/2025 tentang "
           "Penyelenggaraan Perizinan Berusaha Berbasis Risiko")
PBG_LAW = ("UU 28/2002 tentang Bangunan Gedung sebagaimana diubah UU 6/2023; PP 16/2021 tentang "
           "Peraturan Pelaksanaan UU Bangunan Gedung")


def build(c: SiteContext) -> None:
    izin = c.gerai("dpmptsp", "izin")
    officer = c.officer("dpmptsp")
    regency_id, regency_en = c["regency"]

    c.service(
        slug="nib-oss", agency="dpmptsp", role="izin", queue_prefix="D", daily_quota=40,
        name=("Nomor Induk Berusaha (NIB) lewat OSS",
              "Business Identification Number (NIB) through OSS"),
        summary=("Pendampingan mendaftar NIB di sistem OSS untuk usaha perseorangan, mikro, dan "
                 "kecil. Bagi usaha berisiko rendah, NIB sekaligus menjadi izin usaha. Bisa "
                 "diurus sendiri di oss.go.id; di gerai Anda dibantu dari membuat akun sampai "
                 "NIB tercetak.",
                 "Help registering for an NIB in the OSS system for sole traders and micro and "
                 "small businesses. For low-risk businesses the NIB is also the business "
                 "licence. You can do it yourself at oss.go.id; at the counter you are helped "
                 "from creating the account to printing the NIB."),
        requirements=[
            ktp(detail=("NIK dipakai sebagai identitas pelaku usaha.",
                        "Your NIK identifies you as the business owner.")),
            req(("NIK yang sudah dipadankan sebagai NPWP", "A NIK already linked as your tax "
                                                           "number (NPWP)"),
                detail=("Sejak 2024 NIK berfungsi sebagai NPWP orang pribadi. Bila belum "
                        "terpadan, padankan dulu di gerai KPP Pratama.",
                        "Since 2024 the NIK serves as the personal tax number. If yours is not "
                        "linked yet, do it first at the tax office counter."),
                source=("Gerai KPP Pratama di MPP", "The tax office counter at the MPP")),
            req(("Alamat email dan nomor ponsel aktif", "An active email address and mobile "
                                                       "number"),
                form="digital",
                detail=("Untuk aktivasi akun OSS; bawa ponsel karena kode dikirim saat itu juga.",
                        "For activating the OSS account; bring your phone, as the code is sent "
                        "straight away.")),
            req(("Data usaha", "Business details"),
                detail=("Nama usaha, alamat dan titik lokasi usaha, bidang usaha (KBLI), modal "
                        "usaha di luar tanah dan bangunan, dan jumlah tenaga kerja.",
                        "Business name, address and map location, line of business (KBLI code), "
                        "capital excluding land and buildings, and number of workers.")),
        ],
        steps=[
            queue_step(c, "D"),
            step(("Buat akun OSS", "Create an OSS account"),
                 detail=("Petugas membantu mendaftar dan mengaktifkan akun lewat email.",
                         "The officer helps you register and activate the account by email."),
                 location=izin, actor="Pemohon dan petugas", duration="±10 menit",
                 cost="Gratis"),
            step(("Isi data usaha dan pilih KBLI", "Enter business details and choose the KBLI "
                                                   "code"),
                 location=izin, actor="Pemohon dan petugas", duration="±15 menit",
                 cost="Gratis"),
            step(("NIB terbit dan dicetak", "The NIB is issued and printed"),
                 detail=("Simpan juga berkas PDF-nya; NIB dapat diunduh ulang kapan saja dari akun "
                         "OSS.",
                         "Keep the PDF too; you can download the NIB again at any time from your "
                         "OSS account."),
                 location=izin, actor=officer, duration="±5 menit", cost="Gratis"),
        ],
        processing_time=("±30 menit untuk usaha mikro dan kecil berisiko rendah",
                         "About 30 minutes for low-risk micro and small businesses"),
        fee=free("PP 28/2025"),
        product=("NIB (dokumen elektronik dari OSS)", "NIB (electronic document from OSS)"),
        legal_basis=OSS_LAW,
        online=("https://oss.go.id", ("Bisa didaftarkan sendiri di oss.go.id.",
                                      "You can register yourself at oss.go.id.")),
        life_events=["buka-usaha"],
        keywords=["nib", "oss", "izin usaha", "ijin usaha", "daftar usaha", "bikin nib",
                  "izin umkm", "siup", "tdp", "izin dagang", "nomor induk berusaha"],
    )

    c.service(
        slug="pbg", agency="dpmptsp", role="izin", queue_prefix="D",
        availability="partial",
        name=("Persetujuan Bangunan Gedung (PBG), pengganti IMB",
              "Building Approval (PBG), formerly the building permit (IMB)"),
        summary=("Persetujuan yang wajib dimiliki sebelum membangun baru, memperluas, atau "
                 "mengubah fungsi bangunan. Diajukan lewat SIMBG; gerai membantu membuat akun, "
                 "mengunggah dokumen, dan memantau proses.",
                 "The approval you need before building, extending or changing the use of a "
                 "building. It is applied for through SIMBG; the counter helps you create an "
                 "account, upload documents and follow the process."),
        requirements=[
            ktp(form="digital", whose=("KTP-el pemilik bangunan (dipindai)",
                                       "Building owner's KTP-el (scanned)")),
            req(("Bukti hak atas tanah", "Proof of rights to the land"), form="digital",
                detail=("Sertipikat tanah; bila tanah milik orang lain, sertakan perjanjian "
                        "pemanfaatan tanah dengan pemiliknya.",
                        "Land certificate; if the land belongs to someone else, add the land "
                        "use agreement with the owner.")),
            req(("Gambar rencana arsitektur: situasi, denah, tampak, dan potongan",
                 "Architectural drawings: site plan, floor plans, elevations and sections"),
                form="digital",
                detail=("Untuk rumah tinggal sederhana dapat memakai desain prototipe yang "
                        "tersedia di SIMBG.",
                        "For a simple house you can use a prototype design available in "
                        "SIMBG."),
                source=("Arsitek atau juru gambar", "An architect or draughtsperson")),
            req(("Gambar dan perhitungan struktur", "Structural drawings and calculations"),
                form="digital",
                condition=("bangunan lebih dari dua lantai, atau bangunan umum/usaha",
                           "the building has more than two storeys or is public or commercial"),
                source=("Ahli struktur bersertifikat", "A certified structural engineer")),
            req(("Gambar utilitas: listrik, air bersih, sanitasi, dan drainase",
                 "Utility drawings: electricity, water, sanitation and drainage"),
                form="digital"),
            req(("Konfirmasi Kesesuaian Kegiatan Pemanfaatan Ruang (KKPR)",
                 "Spatial use conformity confirmation (KKPR)"),
                form="digital",
                condition=("bangunan dipakai untuk usaha", "the building is for business use"),
                source=("OSS (oss.go.id) atau gerai DPMPTSP", "OSS (oss.go.id) or the DPMPTSP "
                                                             "counter")),
            req(("Bukti lunas PBB tahun terakhir", "Proof of payment of last year's property "
                                                  "tax (PBB)"),
                form="copy", source=("Gerai Bapenda atau bank", "Revenue Agency counter or a "
                                                                "bank")),
        ],
        steps=[
            queue_step(c, "D"),
            step(("Buat akun SIMBG dan unggah dokumen", "Create a SIMBG account and upload the "
                                                        "documents"),
                 location=izin, actor="Pemohon dan petugas", duration="±30 menit",
                 cost="Gratis"),
            step(("Pemeriksaan dokumen dan konsultasi teknis", "Document review and technical "
                                                              "consultation"),
                 detail=("Tim Profesi Ahli atau Tim Penilai Teknis memeriksa gambar; bila ada "
                         "perbaikan, Anda dikabari lewat SIMBG dan email.",
                         "A panel of experts or technical assessors reviews the drawings; if "
                         "changes are needed you are told through SIMBG and by email."),
                 location=("Daring (SIMBG)", "Online (SIMBG)"), actor="Tim teknis",
                 duration=("±5–14 hari kerja", "about 5–14 working days"), cost="Gratis"),
            step(("Survei lapangan oleh Dinas PUPR", "Site survey by the public works office"),
                 location="Lokasi bangunan", actor="Petugas lapangan",
                 duration=("Sesuai jadwal dari SIMBG", "As scheduled in SIMBG"), cost="Gratis"),
            step(("Bayar retribusi PBG", "Pay the PBG levy"),
                 detail=("Kode bayar muncul di SIMBG setelah penilaian teknis selesai.",
                         "A payment code appears in SIMBG once the technical review is done."),
                 location="Bank atau kantor pos", actor="Pemohon", duration="±10 menit",
                 cost="Sesuai tagihan"),
            step(("PBG terbit", "The PBG is issued"),
                 detail=("PBG dan lampirannya diunduh dari SIMBG; gerai dapat membantu "
                         "mencetaknya.",
                         "The PBG and its annexes are downloaded from SIMBG; the counter can "
                         "print them for you."),
                 location=izin, actor=officer, duration="±10 menit", cost="Gratis"),
        ],
        processing_time=("Paling lama 28 hari kerja sejak dokumen dinyatakan lengkap",
                         "At most 28 working days once the documents are complete"),
        fee=paid(350_000,
                 ("Retribusi PBG dihitung otomatis di SIMBG dari luas bangunan, indeks "
                  "(fungsi, klasifikasi, jumlah lantai), dan harga satuan retribusi dalam Perda. "
                  "Rp350.000 hanya contoh untuk rumah tinggal sederhana ±36 m².",
                  "The PBG levy is calculated automatically in SIMBG from the floor area, an "
                  "index (use, class, number of storeys) and the unit rate in the regional "
                  "regulation. Rp350,000 is only an example for a simple house of about 36 m²."),
                 c["perda_pdrd"]),
        product=("Dokumen PBG beserta lampiran gambar yang disahkan",
                 "PBG document with the approved drawings"),
        legal_basis=PBG_LAW + "; " + c["perda_pdrd"],
        elsewhere=(("Pemeriksaan teknis dan survei lapangan dilakukan oleh Dinas PUPR di lokasi "
                    "bangunan; jadwal dikabarkan lewat SIMBG. Konsultasi teknis lanjutan dapat "
                    "dilakukan di kantor Dinas PUPR.",
                    "Technical review and the site survey are done by the public works office "
                    "at the building site; the schedule is sent through SIMBG. Further technical "
                    "consultations can take place at the public works office."),
                   c["pupr"]),
        online=("https://simbg.pu.go.id",
                ("Pengajuan dan pemantauan lewat SIMBG (simbg.pu.go.id).",
                 "Apply and follow progress through SIMBG (simbg.pu.go.id).")),
        life_events=["bangun-rumah", "buka-usaha"],
        keywords=["pbg", "imb", "izin bangunan", "izin mendirikan bangunan", "ijin bangun rumah",
                  "simbg", "bangun rumah", "renovasi rumah", "izin bangun", "persetujuan "
                  "bangunan gedung"],
    )

    c.service(
        slug="slf", agency="dpmptsp", role="izin", queue_prefix="D",
        availability="partial",
        name=("Sertifikat Laik Fungsi (SLF)", "Certificate of fitness for use (SLF)"),
        summary=("Sertifikat bahwa bangunan sudah laik dipakai sesuai PBG-nya. Wajib untuk "
                 "bangunan baru setelah selesai dibangun, dan untuk bangunan lama yang belum "
                 "memilikinya, seperti ruko, gedung usaha, atau sekolah.",
                 "Certifies that a building is fit for use in line with its PBG. Required for "
                 "new buildings once completed, and for existing buildings that do not have "
                 "one yet, such as shophouses, commercial buildings or schools."),
        requirements=[
            req(("PBG atau IMB bangunan", "The building's PBG or IMB"), form="digital"),
            ktp(form="digital", whose=("KTP-el pemilik bangunan (dipindai)",
                                       "Building owner's KTP-el (scanned)")),
            req(("Surat pernyataan kelaikan fungsi dari pengkaji teknis",
                 "Statement of fitness for use from a technical assessor"),
                form="digital",
                condition=("bangunan bukan rumah tinggal sederhana",
                           "the building is not a simple house"),
                source=("Pengkaji teknis bersertifikat (konsultan)",
                        "A certified technical assessor (consultant)")),
            req(("Gambar terbangun (as-built drawing)", "As-built drawings"), form="digital"),
            req(("Foto kondisi bangunan terbaru: depan, samping, dan dalam",
                 "Recent photos of the building: front, side and inside"),
                form="digital", qty=3),
        ],
        steps=[
            queue_step(c, "D"),
            step(("Unggah permohonan di SIMBG", "Submit the application in SIMBG"),
                 location=izin, actor="Pemohon dan petugas", duration="±30 menit",
                 cost="Gratis"),
            step(("Pemeriksaan dokumen", "Document review"),
                 location=("Daring (SIMBG)", "Online (SIMBG)"), actor="Tim teknis",
                 duration="3–5 hari kerja", cost="Gratis"),
            step(("Inspeksi lapangan oleh Dinas PUPR", "Site inspection by the public works "
                                                       "office"),
                 location="Lokasi bangunan", actor="Petugas lapangan", duration="Sesuai jadwal",
                 cost="Gratis"),
            step(("SLF terbit dan diunduh dari SIMBG", "The SLF is issued and downloaded from "
                                                       "SIMBG"),
                 location=izin, actor=officer, duration="±10 menit", cost="Gratis"),
        ],
        processing_time=("±10 hari kerja sejak dokumen lengkap, termasuk inspeksi lapangan",
                         "About 10 working days once the documents are complete, including the "
                         "site inspection"),
        fee=free("UU 1/2022 dan " + c["perda_pdrd"],
                 ("Tidak dipungut retribusi; biaya pengkaji teknis (bila diperlukan) dibayar "
                  "langsung kepada konsultan.",
                  "No levy is charged; the technical assessor's fee (if one is needed) is paid "
                  "directly to the consultant.")),
        product=("Sertifikat Laik Fungsi (SLF) dan label SLF", "SLF certificate and SLF plate"),
        legal_basis=PBG_LAW,
        elsewhere=(("Inspeksi kelaikan dilakukan oleh Dinas PUPR di lokasi bangunan.",
                    "The fitness inspection is done by the public works office at the building."),
                   c["pupr"]),
        online=("https://simbg.pu.go.id", ("Diajukan lewat SIMBG (simbg.pu.go.id).",
                                           "Apply through SIMBG (simbg.pu.go.id).")),
        life_events=["bangun-rumah", "buka-usaha"],
        keywords=["slf", "sertifikat laik fungsi", "laik fungsi", "izin operasional gedung",
                  "izin ruko", "simbg"],
    )

    c.service(
        slug="izin-reklame", agency="dpmptsp", role="izin", queue_prefix="D",
        name=("Izin penyelenggaraan reklame", "Advertising permit (signs, billboards, banners)"),
        summary=("Izin memasang reklame tetap (papan nama usaha, billboard, neon box) dan "
                 f"reklame insidental (spanduk, baliho acara) di {regency_id}. Pajak reklame "
                 "dibayar terpisah di gerai Bapenda.",
                 "Permit for permanent advertising (shop signs, billboards, light boxes) and "
                 f"temporary advertising (banners, event hoardings) in {regency_en}. "
                 "Advertising tax is paid separately at the Revenue Agency counter."),
        requirements=[
            ktp(form="copy", whose=("KTP-el penanggung jawab reklame",
                                    "KTP-el of the person responsible for the advertisement")),
            req(("NIB usaha", "Business NIB"), form="copy",
                condition=("reklame untuk usaha", "the advertisement is for a business"),
                source=("Gerai DPMPTSP (layanan NIB)", "DPMPTSP counter (NIB service)"),
                product_of="nib-oss"),
            req(("Desain reklame berwarna dengan ukuran dan naskahnya",
                 "Colour design of the advertisement with its size and wording"),
                form="original",
                detail=("Cantumkan panjang × lebar, jumlah sisi, dan bahan.",
                        "State length × width, number of faces and material.")),
            req(("Denah lokasi dan titik koordinat pemasangan",
                 "Location sketch and map coordinates of the site"), form="original"),
            req(("Surat persetujuan pemilik lahan atau bangunan", "Consent of the owner of the "
                                                                  "land or building"),
                form="original",
                condition=("dipasang di lahan atau bangunan milik orang lain",
                           "it goes on someone else's land or building")),
            req(("Gambar konstruksi dan perhitungan kekuatan tiang",
                 "Construction drawing and pole strength calculation"),
                form="original",
                condition=("berupa billboard atau reklame bertiang",
                           "it is a billboard or pole-mounted sign")),
        ],
        steps=[
            queue_step(c, "D"),
            step(("Serahkan berkas permohonan", "Hand in the application"), location=izin,
                 actor="Pemohon", duration="±10 menit", cost="Gratis"),
            step(("Peninjauan lokasi oleh tim teknis", "Site check by the technical team"),
                 detail=("Tim memastikan titik pemasangan tidak mengganggu lalu lintas dan "
                         "sesuai zona reklame.",
                         "The team checks that the site does not obstruct traffic and lies in "
                         "an advertising zone."),
                 location="Lokasi pemasangan", actor="Tim teknis", duration="1–3 hari kerja",
                 cost="Gratis"),
            step(("Bayar pajak reklame", "Pay the advertising tax"),
                 location=c.gerai("bapenda"), actor="Pemohon", duration="±10 menit",
                 cost="Sesuai tarif"),
            step(("Izin terbit dan stiker pajak reklame diberikan",
                  "Permit issued and advertising tax sticker handed over"),
                 detail=("Tempel stiker pada reklame; reklame tanpa stiker dapat ditertibkan.",
                         "Put the sticker on the advertisement; advertising without one may be "
                         "taken down."),
                 location=izin, actor=officer, duration="±5 menit", cost="Gratis"),
        ],
        processing_time=("3 hari kerja untuk reklame insidental; 7 hari kerja untuk reklame tetap",
                         "3 working days for temporary advertising; 7 working days for "
                         "permanent advertising"),
        fee=free(c["perda_pdrd"],
                 ("Izin tidak dipungut biaya. Pajak reklame dibayar terpisah sesuai ukuran, "
                  "lokasi, dan lama pemasangan.",
                  "The permit itself is free. Advertising tax is paid separately, based on "
                  "size, location and duration.")),
        product=("Izin reklame dan stiker pajak reklame", "Advertising permit and tax sticker"),
        legal_basis=("UU 1/2022 tentang Hubungan Keuangan antara Pemerintah Pusat dan "
                     "Pemerintahan Daerah; " + c["perda_pdrd"]),
        life_events=["buka-usaha", "pajak"],
        keywords=["izin reklame", "reklame", "pasang spanduk", "baliho", "papan nama",
                  "billboard", "neon box", "izin spanduk", "pajak reklame"],
    )

    # --- Health workers ---------------------------------------------------------------------
    dinkes = c.gerai("dinkes")
    c.service(
        slug="sip-bidan-perawat", agency="dinkes", queue_prefix="Q",
        name=("Surat Izin Praktik (SIP) bidan dan perawat",
              "Practice licence (SIP) for midwives and nurses"),
        summary=("Penerbitan SIP bagi bidan dan perawat yang berpraktik di fasilitas kesehatan "
                 f"atau praktik mandiri di {regency_id}. Satu SIP untuk satu tempat praktik, "
                 "paling banyak tiga tempat; SIP berlaku 5 tahun dan dapat diperpanjang.",
                 "Issue of practice licences for midwives and nurses working in health "
                 f"facilities or in independent practice in {regency_en}. One licence per "
                 "workplace, up to three; a licence is valid for 5 years and can be renewed."),
        requirements=[
            req(("Surat Tanda Registrasi (STR) yang masih berlaku",
                 "A valid registration certificate (STR)"), form="copy",
                source=("Konsil Kesehatan Indonesia lewat SATUSEHAT SDMK",
                        "Indonesian Health Council through SATUSEHAT SDMK")),
            req(("Ijazah kebidanan atau keperawatan yang dilegalisir",
                 "Certified copy of your midwifery or nursing diploma"),
                form="copy", source="Sekolah atau perguruan tinggi"),
            req(("Surat keterangan sehat dari dokter yang memiliki SIP",
                 "Health certificate from a licensed doctor"), form="original",
                source="Dokter atau rumah sakit"),
            req(("Surat keterangan dari pimpinan fasilitas kesehatan tempat praktik",
                 "Letter from the head of the health facility where you will work"),
                form="original",
                condition=("berpraktik di puskesmas, klinik, atau rumah sakit",
                           "you work at a health centre, clinic or hospital")),
            req(("Bukti kepemilikan atau sewa tempat praktik dan denah ruangannya",
                 "Proof of ownership or lease of the practice premises, with a floor plan"),
                form="copy",
                condition=("membuka praktik mandiri",
                           "you run an independent practice")),
            ktp(form="copy"),
            req(("Pas foto berwarna ukuran 4×6, latar belakang merah",
                 "Colour photo, 4×6 cm, red background"), form="original", qty=2,
                source="Studio foto"),
        ],
        steps=[
            queue_step(c, "Q"),
            step(("Serahkan berkas", "Hand in your documents"), location=dinkes,
                 actor="Pemohon", duration="±10 menit", cost="Gratis"),
            step(("Verifikasi berkas dan keabsahan STR", "Check of documents and STR validity"),
                 location=dinkes, actor=c.officer("dinkes"), duration="1–2 hari kerja",
                 cost="Gratis"),
            step(("Peninjauan tempat praktik", "Inspection of the practice premises"),
                 detail=("Hanya untuk praktik mandiri: petugas memeriksa ruang, alat, dan "
                         "pengelolaan limbah.",
                         "Independent practices only: officers check the rooms, equipment and "
                         "waste handling."),
                 location=("Tempat praktik", "Practice premises"), actor="Petugas lapangan",
                 duration="Sesuai jadwal", cost="Gratis"),
            step(("SIP terbit dan diambil di gerai", "Collect the licence at the counter"),
                 detail=("Anda dikabari lewat pesan singkat saat SIP siap.",
                         "You get a text message when the licence is ready."),
                 location=dinkes, actor="Pemohon", duration="±5 menit", cost="Gratis"),
        ],
        processing_time=("5 hari kerja; praktik mandiri ±10 hari kerja karena ada peninjauan "
                         "tempat",
                         "5 working days; about 10 working days for independent practices, "
                         "which need an inspection"),
        fee=free("UU 17/2023; " + c["perda_pdrd"]),
        product=("Surat Izin Praktik Bidan (SIPB) atau Surat Izin Praktik Perawat (SIPP)",
                 "Midwife's practice licence (SIPB) or nurse's practice licence (SIPP)"),
        legal_basis="UU 17/2023 tentang Kesehatan; PP 28/2024 tentang Peraturan Pelaksanaan UU "
                    "17/2023",
        life_events=["kerja"],
        keywords=["sip", "surat izin praktik", "sip bidan", "sip perawat", "izin praktik bidan",
                  "sipb", "sipp", "izin praktik perawat", "nakes", "bidan", "perawat"],
    )
