"""Land (ATR/BPN), local taxes (Bapenda), national tax (KPP) and the religious court."""
from __future__ import annotations

from .builders import free, paid, req, step
from .common import kk, ktp, proxy_letter, queue_step
from .context import SiteContext

BPN_LAW = ("UUPA 5/1960; PP 24/1997 tentang Pendaftaran Tanah; PP 18/2021 tentang Hak "
           "Pengelolaan, Hak Atas Tanah, Satuan Rumah Susun, dan Pendaftaran Tanah")
BPN_PNBP = "PP 128/2015 tentang Jenis dan Tarif PNBP yang Berlaku pada Kementerian ATR/BPN"
TAX_LAW = ("UU 6/1983 tentang KUP sebagaimana terakhir diubah UU 7/2021 tentang Harmonisasi "
           "Peraturan Perpajakan; PMK 112/2022 tentang NPWP bagi Wajib Pajak Orang Pribadi; PMK "
           "81/2024 tentang Ketentuan Perpajakan dalam rangka Pelaksanaan Sistem Inti "
           "Administrasi Perpajakan")
HKPD = "UU 1/2022 tentang Hubungan Keuangan antara Pemerintah Pusat dan Pemerintahan Daerah"


def build(c: SiteContext) -> None:
    _land(c)
    _local_tax(c)
    _national_tax(c)
    _religious_court(c)


def _land(c: SiteContext) -> None:
    bpn = c.gerai("bpn")
    officer = c.officer("bpn")
    days_id, days_en = c["bpn_days"]
    short_id, short_en = c.short("bpn")
    sentuh = ("https://www.atrbpn.go.id",
              ("Pantau berkas lewat aplikasi Sentuh Tanahku dengan nomor berkas dari gerai.",
               "Track your file in the Sentuh Tanahku app with the file number from the "
               "counter."))
    certificate = req(("Sertipikat hak atas tanah asli", "Original land title certificate"),
                      form="original_and_copy")
    application = req(("Formulir permohonan bermeterai Rp10.000",
                       "Application form with a Rp10,000 duty stamp"),
                      form="original", source="Disediakan di gerai")
    open_days = (f"Gerai {short_id} buka hari {days_id}.",
                 f"The {short_en} counter opens on {days_en}.")
    c.service(
        slug="pengecekan-sertipikat", agency="bpn", queue_prefix="P", daily_quota=30,
        name=("Pengecekan sertipikat tanah", "Land title certificate check"),
        summary=("Pencocokan sertipikat dengan buku tanah di Kantor Pertanahan, biasanya sebelum "
                 "jual beli, hibah, atau dijadikan jaminan kredit. Catatan blokir, sita, atau hak "
                 "tanggungan akan terlihat. " + open_days[0],
                 "Checks the certificate against the land register, usually before a sale, a "
                 "gift or using the land as loan collateral. Any block, seizure or mortgage "
                 "shows up. " + open_days[1]),
        requirements=[
            certificate,
            ktp(form="copy", whose=("KTP-el pemegang hak", "KTP-el of the title holder")),
            application,
            proxy_letter(),
        ],
        steps=[
            queue_step(c, "P"),
            step(("Serahkan sertipikat dan formulir", "Hand in the certificate and form"),
                 location=bpn, actor="Pemohon", duration="±10 menit", cost="Gratis"),
            step(("Bayar PNBP dengan Surat Perintah Setor (SPS)",
                  "Pay the fee with the payment order (SPS)"),
                 location="Bank atau kantor pos", actor="Pemohon", duration="±10 menit",
                 cost="Rp50.000"),
            step(("Pemeriksaan buku tanah", "Check against the land register"),
                 location=(short_id, short_en), actor=officer, duration="1 hari kerja",
                 cost="Gratis"),
            step(("Ambil sertipikat yang sudah dicek", "Collect the checked certificate"),
                 detail=("Sertipikat diberi catatan hasil pengecekan.",
                         "The certificate is annotated with the result of the check."),
                 location=bpn, actor="Pemohon", duration="±5 menit", cost="Gratis"),
        ],
        processing_time=("1 hari kerja", "1 working day"),
        fee=paid(50_000, ("PNBP Rp50.000 per sertipikat.", "Rp50,000 per certificate."),
                 BPN_PNBP),
        product=("Sertipikat dengan catatan hasil pengecekan", "Certificate annotated with the "
                                                               "result of the check"),
        legal_basis=BPN_LAW + "; " + BPN_PNBP, online=sentuh,
        life_events=["bangun-rumah"],
        keywords=["cek sertifikat", "cek sertipikat", "pengecekan sertifikat", "sertipikat",
                  "sertifikat tanah", "bpn", "cek tanah", "blokir sertifikat", "sertifikat"],
    )

    c.service(
        slug="peralihan-hak-tanah", agency="bpn", queue_prefix="P", daily_quota=20,
        availability="partial",
        name=("Peralihan hak atas tanah (balik nama sertipikat)",
              "Transfer of land title (changing the name on the certificate)"),
        summary=("Pendaftaran peralihan hak karena jual beli, hibah, atau waris sehingga "
                 "sertipikat tercatat atas nama pemilik baru. " + open_days[0],
                 "Registration of a transfer by sale, gift or inheritance, so that the "
                 "certificate is recorded in the new owner's name. " + open_days[1]),
        requirements=[
            certificate,
            req(("Akta jual beli atau akta hibah dari PPAT", "Deed of sale or deed of gift from "
                                                            "a land deed official (PPAT)"),
                form="original", group=1, source="Notaris/PPAT"),
            req(("Surat keterangan waris dan akta kematian pewaris",
                 "Certificate of inheritance and the deceased's death certificate"),
                form="original_and_copy", group=1,
                condition=("peralihan karena waris", "the transfer is by inheritance"),
                source=("Kantor desa/kelurahan dan kecamatan, atau notaris",
                        "Village and sub-district offices, or a notary")),
            req(("KTP-el dan KK para pihak", "KTP-el and family cards of all parties"),
                form="copy"),
            req(("Bukti bayar BPHTB yang sudah divalidasi dan bukti setor PPh penjual",
                 "Validated BPHTB receipt and the seller's income tax receipt"),
                form="copy",
                detail=("PPh final penjual hanya untuk jual beli.",
                        "The seller's final income tax applies to sales only."),
                source=("Gerai Bapenda (BPHTB) dan bank persepsi (PPh)",
                        "Revenue Agency counter (BPHTB) and a collecting bank (income tax)")),
            req(("SPPT PBB tahun berjalan dan bukti lunasnya", "This year's property tax bill and "
                                                               "proof of payment"),
                form="copy"),
            application,
        ],
        steps=[
            step(("Buat akta di kantor PPAT (jual beli atau hibah)",
                  "Have the deed drawn up by a PPAT (sale or gift)"),
                 location=("Kantor notaris/PPAT", "Notary/PPAT office"),
                 actor=("Para pihak dan PPAT", "The parties and the PPAT"),
                 duration="Sesuai jadwal",
                 cost=("Honor PPAT paling tinggi 1% dari nilai transaksi",
                       "PPAT fee at most 1% of the transaction value")),
            queue_step(c, "P"),
            step(("Serahkan berkas", "Hand in the documents"), location=bpn,
                 actor="Pemohon atau kuasanya", duration="±15 menit", cost="Gratis"),
            step(("Bayar PNBP dengan SPS", "Pay the fee with the payment order (SPS)"),
                 location="Bank atau kantor pos", actor="Pemohon", duration="±10 menit",
                 cost="Sesuai tarif"),
            step(("Pencatatan di buku tanah", "Entry in the land register"),
                 location=(short_id, short_en), actor=officer, duration="5 hari kerja",
                 cost="Gratis"),
            step(("Ambil sertipikat atas nama baru", "Collect the certificate in the new name"),
                 location=bpn, actor="Pemohon", duration="±10 menit", cost="Gratis"),
        ],
        processing_time=("5 hari kerja setelah berkas lengkap", "5 working days once the file is "
                                                                "complete"),
        fee=paid(50_000,
                 ("PNBP = (nilai tanah ÷ 1.000) + Rp50.000; nilai tanah = luas × nilai zona tanah "
                  "BPN. Honor PPAT, BPHTB, dan PPh dibayar terpisah.",
                  "Fee = (land value ÷ 1,000) + Rp50,000, where land value = area × the land "
                  "agency's zone value. PPAT fees, BPHTB and income tax are paid separately."),
                 BPN_PNBP),
        product=("Sertipikat atas nama pemilik baru", "Certificate in the new owner's name"),
        legal_basis=BPN_LAW + "; " + BPN_PNBP,
        elsewhere=(("Akta jual beli atau hibah dibuat lebih dulu di kantor PPAT. Pemeriksaan "
                    f"dan pencatatan dilakukan di kantor {short_id}; gerai MPP menerima dan "
                    "menyerahkan berkas.",
                    "The deed of sale or gift is drawn up first at a PPAT's office. Checking "
                    f"and registration take place at {short_en}; the MPP counter receives and "
                    "returns the file."), c.office("bpn")),
        online=sentuh,
        life_events=["bangun-rumah", "kematian"],
        keywords=["balik nama sertifikat", "balik nama sertipikat", "peralihan hak",
                  "jual beli tanah", "sertifikat waris", "hibah tanah", "ganti nama sertifikat",
                  "ajb", "bpn", "sertipikat"],
    )

    c.service(
        slug="pengukuran-tanah", agency="bpn", queue_prefix="P", daily_quota=15,
        availability="partial",
        name=("Pengukuran bidang tanah (ukur ulang, pemecahan, pengembalian batas)",
              "Land survey (re-survey, subdivision, boundary reinstatement)"),
        summary=("Pengukuran bidang tanah oleh petugas ukur BPN, misalnya untuk memecah "
                 "sertipikat, menggabungkan bidang, atau mengembalikan patok batas yang hilang. "
                 + open_days[0],
                 "Survey of a land parcel by the land agency's surveyors, e.g. to split a "
                 "certificate, merge parcels or reinstate lost boundary markers. "
                 + open_days[1]),
        requirements=[
            certificate,
            ktp(form="copy"),
            kk(form="copy"),
            req(("Surat pernyataan telah memasang tanda batas bermeterai Rp10.000",
                 "Signed statement that boundary markers have been placed, with a Rp10,000 "
                 "duty stamp"),
                form="original",
                detail=("Patok dipasang sebelum petugas datang dan disetujui tetangga yang "
                        "berbatasan.",
                        "Markers must be in place before the surveyor comes and agreed by the "
                        "neighbours."),
                source="Disediakan di gerai"),
            req(("Sketsa lokasi dan rencana pemecahan", "Location sketch and subdivision plan"),
                form="original",
                condition=("memecah atau menggabungkan bidang",
                           "you are splitting or merging parcels")),
            req(("SPPT PBB tahun berjalan", "This year's property tax bill (SPPT PBB)"),
                form="copy"),
            application,
        ],
        steps=[
            queue_step(c, "P"),
            step(("Serahkan berkas", "Hand in the documents"), location=bpn,
                 actor="Pemohon", duration="±15 menit", cost="Gratis"),
            step(("Bayar PNBP pengukuran dengan SPS", "Pay the survey fee with the payment order"),
                 location="Bank atau kantor pos", actor="Pemohon", duration="±10 menit",
                 cost="Sesuai tarif"),
            step(("Pengukuran di lokasi", "Survey on site"),
                 detail=("Pemohon dan tetangga yang berbatasan hadir untuk menunjukkan batas.",
                         "You and the neighbouring owners attend to show the boundaries."),
                 location="Lokasi tanah", actor="Petugas ukur", duration="Sesuai jadwal",
                 cost="Gratis"),
            step(("Pemetaan dan penerbitan hasil ukur", "Mapping and issue of the survey result"),
                 location=(short_id, short_en), actor=officer,
                 duration=("±5 hari kerja", "about 5 working days"), cost="Gratis"),
        ],
        processing_time=("±14 hari kerja sejak PNBP dibayar, tergantung jadwal petugas ukur",
                         "About 14 working days after payment, depending on the surveyors' "
                         "schedule"),
        fee=paid(100_000,
                 ("Untuk luas sampai 10 hektare: PNBP = (luas m² ÷ 500 × HSBKu) + Rp100.000, "
                  "dengan HSBKu = harga satuan biaya khusus pengukuran yang berlaku. Rinciannya "
                  "tertera di Surat Perintah Setor (SPS).",
                  "For up to 10 hectares: fee = (area in m² ÷ 500 × HSBKu) + Rp100,000, where "
                  "HSBKu is the current unit survey cost. The breakdown is on the payment order "
                  "(SPS)."), BPN_PNBP),
        product=("Gambar ukur dan surat ukur bidang tanah", "Survey drawing and parcel survey "
                                                            "certificate"),
        legal_basis=BPN_LAW + "; " + BPN_PNBP,
        elsewhere=(("Pengukuran dilakukan di lokasi tanah oleh petugas ukur; pemetaan dan "
                    f"penerbitan hasil di kantor {short_id}.",
                    "The survey takes place on the land itself; mapping and issue of the "
                    f"result happen at {short_en}."), c.office("bpn")),
        online=sentuh,
        life_events=["bangun-rumah"],
        keywords=["ukur tanah", "pengukuran tanah", "pecah sertifikat", "pemecahan sertifikat",
                  "pengembalian batas", "patok tanah", "split sertifikat", "ukur ulang", "bpn"],
    )


def _local_tax(c: SiteContext) -> None:
    bapenda = c.gerai("bapenda")
    officer = c.officer("bapenda")
    regency_id, regency_en = c["regency"]
    law = HKPD + "; " + c["perda_pdrd"]
    spop = req(("Formulir SPOP dan LSPOP", "Property tax object returns (SPOP and LSPOP)"),
               form="original", source="Disediakan di gerai")
    c.service(
        slug="pbb-tagihan-sppt", agency="bapenda", queue_prefix="R",
        name=("Cek tagihan, cetak ulang SPPT, dan pembayaran PBB-P2",
              "Property tax (PBB-P2): checking bills, reprinting the SPPT and paying"),
        summary=("Cek tagihan dan tunggakan PBB, cetak ulang SPPT yang hilang, lalu bayar di "
                 f"teller bank di MPP. PBB di {regency_id} jatuh tempo pada tanggal yang "
                 "tertera di SPPT.",
                 "Check your property tax bill and arrears, reprint a lost SPPT, then pay at the "
                 f"bank teller in the MPP. PBB in {regency_en} falls due on the date printed on "
                 "the SPPT."),
        requirements=[
            req(("SPPT PBB lama atau Nomor Objek Pajak (NOP)", "An old property tax bill (SPPT) "
                                                              "or the tax object number (NOP)"),
                form="original",
                detail=("Bila tidak tahu NOP, sebutkan nama pemilik dan alamat objek pajak.",
                        "If you do not know the NOP, give the owner's name and the property "
                        "address.")),
            ktp(condition=("meminta cetak ulang SPPT", "you want an SPPT reprinted")),
            req(("Uang tunai atau kartu debit untuk membayar", "Cash or a debit card to pay"),
                optional=True),
        ],
        steps=[
            queue_step(c, "R", online=False),
            step(("Cek tagihan dan tunggakan", "Check the bill and arrears"),
                 location=bapenda, actor=officer, duration="±5 menit", cost="Gratis"),
            step(("Cetak ulang SPPT bila hilang", "Reprint the SPPT if lost"),
                 location=bapenda, actor=officer, duration="±5 menit", cost="Gratis"),
            step(("Bayar di teller bank", "Pay at the bank teller"),
                 location=c.gerai(c["bank"]), actor="Wajib pajak", duration="±5 menit",
                 cost="Sesuai SPPT"),
        ],
        processing_time=("±15 menit", "About 15 minutes"),
        fee=free(c["perda_pdrd"],
                 ("Cek tagihan dan cetak ulang SPPT gratis. PBB dibayar sesuai SPPT, ditambah "
                  "denda 1% per bulan bila lewat jatuh tempo (paling lama 24 bulan).",
                  "Checking and reprinting are free. The tax is paid as shown on the SPPT, plus "
                  "a 1% monthly penalty if overdue (up to 24 months).")),
        product=("Informasi tagihan, salinan SPPT, dan bukti bayar",
                 "Bill details, a copy of the SPPT and a payment receipt"),
        legal_basis=law,
        life_events=["pajak", "dokumen-hilang"],
        keywords=["pbb", "sppt hilang", "cetak sppt", "tagihan pbb", "cek pbb", "bayar pbb",
                  "pajak bumi dan bangunan", "nop", "tunggakan pbb", "pajak rumah"],
    )

    c.service(
        slug="pbb-mutasi", agency="bapenda", queue_prefix="R",
        name=("Mutasi PBB-P2 (balik nama atau pecah SPPT)",
              "Property tax transfer (new name or split SPPT)"),
        summary=("Mengubah nama wajib pajak di SPPT setelah jual beli, hibah, atau waris, "
                 "memecah satu SPPT menjadi beberapa, atau memperbaiki luas dan data objek.",
                 "Changing the taxpayer's name on the SPPT after a sale, gift or inheritance, "
                 "splitting one SPPT into several, or correcting the area and property "
                 "details."),
        requirements=[
            req(("SPPT PBB tahun terakhir dan bukti lunas", "Latest SPPT and proof of payment"),
                form="copy",
                detail=("Tidak boleh ada tunggakan PBB.", "There must be no unpaid property "
                                                          "tax.")),
            req(("Bukti peralihan hak", "Proof of the transfer"), form="copy",
                detail=("Sertipikat atas nama baru, akta jual beli/hibah, atau surat keterangan "
                        "waris.",
                        "Certificate in the new name, deed of sale or gift, or certificate of "
                        "inheritance.")),
            ktp(form="copy", whose=("KTP-el wajib pajak baru", "New taxpayer's KTP-el")),
            kk(form="copy"),
            spop,
            req(("Denah pemecahan dan luas masing-masing bagian", "Subdivision sketch with the "
                                                                  "area of each part"),
                form="original",
                condition=("memecah SPPT", "you are splitting an SPPT")),
        ],
        steps=[
            queue_step(c, "R"),
            step(("Isi SPOP/LSPOP dan serahkan berkas", "Fill in SPOP/LSPOP and hand in the "
                                                        "documents"),
                 location=bapenda, actor="Wajib pajak", duration="±15 menit", cost="Gratis"),
            step(("Penelitian berkas, dan lapangan bila perlu",
                  "Review of the file, with a site visit if needed"),
                 location=("Kantor Bapenda dan lokasi objek", "Revenue Agency office and the "
                                                             "property"),
                 actor=officer, duration="5–10 hari kerja", cost="Gratis"),
            step(("Ambil SPPT baru", "Collect the new SPPT"),
                 location=bapenda, actor="Wajib pajak", duration="±5 menit", cost="Gratis"),
        ],
        processing_time=("±7 hari kerja; ±14 hari kerja bila perlu penelitian lapangan",
                         "About 7 working days; about 14 if a site visit is needed"),
        fee=free(c["perda_pdrd"]),
        product=("SPPT PBB atas nama wajib pajak baru", "SPPT in the new taxpayer's name"),
        legal_basis=law,
        life_events=["bangun-rumah", "pajak", "kematian"],
        keywords=["balik nama pbb", "mutasi pbb", "ganti nama sppt", "pecah pbb", "pecah sppt",
                  "sppt atas nama", "spop", "mutasi sppt", "pbb"],
    )

    c.service(
        slug="bphtb", agency="bapenda", queue_prefix="R",
        name=("Validasi dan pembayaran BPHTB", "Land and building acquisition duty (BPHTB)"),
        summary=("BPHTB dibayar pembeli atau penerima hak atas tanah dan bangunan (jual beli, "
                 "hibah, waris). Bukti bayar yang sudah divalidasi Bapenda diperlukan sebelum "
                 "akta PPAT ditandatangani dan sertipikat dibalik nama.",
                 "BPHTB is paid by whoever acquires land and buildings (by sale, gift or "
                 "inheritance). A receipt validated by the Revenue Agency is needed before the "
                 "PPAT deed is signed and the certificate is transferred."),
        requirements=[
            req(("Surat Setoran Pajak Daerah (SSPD) BPHTB", "BPHTB local tax payment form (SSPD)"),
                form="original",
                detail=("Biasanya diisi PPAT lewat e-BPHTB; bisa juga diisi di gerai.",
                        "Usually filled in by the PPAT through e-BPHTB; it can also be done at "
                        "the counter."),
                source="Notaris/PPAT"),
            ktp(form="copy", whose=("KTP-el pembeli atau penerima hak",
                                    "KTP-el of the buyer or recipient")),
            req(("SPPT PBB tahun berjalan dan bukti lunas", "This year's SPPT and proof of "
                                                           "payment"),
                form="copy"),
            req(("Sertipikat tanah", "Land certificate"), form="copy"),
            req(("Draf akta, kuitansi, atau surat keterangan waris",
                 "Draft deed, receipt or certificate of inheritance"),
                form="copy",
                detail=("Untuk menilai harga transaksi (NPOP).",
                        "To assess the transaction value (NPOP).")),
        ],
        steps=[
            queue_step(c, "R"),
            step(("Serahkan SSPD dan berkas", "Hand in the SSPD and documents"),
                 location=bapenda, actor="Wajib pajak", duration="±10 menit", cost="Gratis"),
            step(("Penelitian nilai transaksi", "Review of the transaction value"),
                 detail=("Bila nilai yang dilaporkan di bawah nilai pasar wajar, dapat dilakukan "
                         "penelitian lapangan.",
                         "If the declared value is below a fair market value, a site check may "
                         "follow."),
                 location=bapenda, actor=officer, duration="1–3 hari kerja", cost="Gratis"),
            step(("Bayar BPHTB dengan kode bayar", "Pay the BPHTB with the payment code"),
                 location=c.gerai(c["bank"]), actor="Wajib pajak", duration="±10 menit",
                 cost="Sesuai tagihan"),
            step(("Terima SSPD yang sudah divalidasi", "Collect the validated SSPD"),
                 location=bapenda, actor="Wajib pajak", duration="±5 menit", cost="Gratis"),
        ],
        processing_time=("1–3 hari kerja; lebih lama bila perlu penelitian lapangan",
                         "1–3 working days; longer if a site check is needed"),
        fee=free(c["perda_pdrd"],
                 ("Tidak ada biaya layanan. BPHTB = tarif (paling tinggi 5%) × (NPOP − NPOPTKP). "
                  "NPOPTKP paling sedikit Rp80.000.000, dan Rp300.000.000 untuk waris atau hibah "
                  "wasiat kepada keluarga sedarah garis lurus.",
                  "No service fee. BPHTB = rate (at most 5%) × (transaction value − untaxed "
                  "threshold). The threshold is at least Rp80,000,000, and Rp300,000,000 for "
                  "inheritance or bequests to direct blood relatives.")),
        product=("SSPD BPHTB tervalidasi", "Validated BPHTB payment form (SSPD)"),
        legal_basis=law,
        life_events=["bangun-rumah", "pajak", "kematian"],
        keywords=["bphtb", "pajak jual beli tanah", "pajak pembeli tanah", "validasi bphtb",
                  "sspd", "pajak waris tanah", "pajak hibah", "e-bphtb"],
    )


def _national_tax(c: SiteContext) -> None:
    kpp = c.gerai("kpp")
    officer = c.officer("kpp")
    short_id, short_en = c.short("kpp")
    coretax = ("https://coretaxdjp.pajak.go.id",
               ("Layanan pajak daring lewat Coretax DJP (coretaxdjp.pajak.go.id).",
                "Online tax services through Coretax DJP (coretaxdjp.pajak.go.id)."))
    contact = req(("Alamat email dan nomor ponsel aktif milik sendiri",
                   "Your own active email address and mobile number"), form="digital",
                  detail=("Kode dan tautan aktivasi dikirim ke sini; jangan memakai milik orang "
                          "lain.",
                          "Codes and activation links are sent here; do not use someone "
                          "else's."))
    c.service(
        slug="npwp", agency="kpp", queue_prefix="T", availability="info",
        name=("NPWP orang pribadi (NIK sebagai NPWP)", "Personal tax number (NIK as NPWP)"),
        summary=("Sejak 2024 NIK berfungsi sebagai NPWP orang pribadi. Pendaftaran dan "
                 "pemadanan dilakukan sendiri secara daring di Coretax DJP; gerai MPP memberi "
                 "informasi dan membantu bila Anda kesulitan.",
                 "Since 2024 the NIK serves as the personal tax number. Registration and "
                 "linking are done online in Coretax DJP; the MPP counter gives information "
                 "and helps if you get stuck."),
        requirements=[
            ktp(),
            contact,
            req(("Akta pendirian badan usaha", "Deed of establishment of the business entity"),
                form="digital", source="Notaris/PPAT",
                condition=("mendaftarkan badan usaha (CV, PT, koperasi, yayasan)",
                           "you are registering a business entity (CV, PT, cooperative, "
                           "foundation)")),
            req(("NIB badan usaha", "Business entity's NIB"),
                form="digital", product_of="nib-oss",
                condition=("mendaftarkan badan usaha (CV, PT, koperasi, yayasan)",
                           "you are registering a business entity (CV, PT, cooperative, "
                           "foundation)")),
        ],
        steps=[
            step(("Buka coretaxdjp.pajak.go.id dan pilih daftar atau aktivasi",
                  "Open coretaxdjp.pajak.go.id and choose register or activate"),
                 location="Rumah (daring)", actor="Wajib pajak", duration="±10 menit",
                 cost="Gratis"),
            step(("Verifikasi NIK dan data kependudukan", "Verify your NIK and population data"),
                 location="Rumah (daring)", actor="Wajib pajak", duration="±5 menit",
                 cost="Gratis"),
            step(("Buat kata sandi dan passphrase", "Set a password and passphrase"),
                 location="Rumah (daring)", actor="Wajib pajak", duration="±5 menit",
                 cost="Gratis"),
            step(("Minta bantuan di gerai bila gagal", "Ask at the counter if it fails"),
                 location=kpp, actor=officer, duration="±15 menit", cost="Gratis"),
        ],
        processing_time=("±20 menit secara daring", "About 20 minutes online"),
        fee=free("UU 7/2021"),
        product=("NIK aktif sebagai NPWP dan akun Coretax", "NIK active as NPWP, with a Coretax "
                                                            "account"),
        legal_basis=TAX_LAW,
        elsewhere=(("Pendaftaran NPWP dilakukan daring di Coretax DJP. Untuk NPWP badan atau "
                    f"masalah data yang tidak bisa diselesaikan daring, datang ke {short_id}.",
                    "Tax registration is done online in Coretax DJP. For business entities or "
                    "data problems that cannot be solved online, go to " + short_en + "."),
                   c.office("kpp")),
        online=coretax,
        life_events=["kerja", "buka-usaha", "pajak"],
        keywords=["npwp", "bikin npwp", "daftar npwp", "nik jadi npwp", "pemadanan nik",
                  "pajak online", "coretax", "kartu npwp", "npwp online"],
    )

    c.service(
        slug="aktivasi-coretax-efin", agency="kpp", queue_prefix="T",
        name=("Aktivasi akun Coretax DJP dan permintaan EFIN",
              "Activating a Coretax DJP account and requesting an EFIN"),
        summary=("Untuk wajib pajak yang lupa EFIN, belum bisa masuk Coretax, atau email dan "
                 "nomor ponselnya berubah. Identitas diverifikasi langsung di gerai.",
                 "For taxpayers who have forgotten their EFIN, cannot log in to Coretax, or have "
                 "changed email or phone number. Your identity is verified at the counter."),
        requirements=[
            ktp(),
            contact,
            req(("Ponsel yang dapat menerima email dan SMS", "A phone that can receive email and "
                                                             "SMS"),
                detail=("Bawa ponsel karena aktivasi dilakukan saat itu juga.",
                        "Bring your phone, as activation is done on the spot.")),
        ],
        steps=[
            queue_step(c, "T"),
            step(("Verifikasi identitas dan foto wajah", "Identity check and face photo"),
                 location=kpp, actor=officer, duration="±5 menit", cost="Gratis"),
            step(("EFIN atau kode aktivasi dikirim ke email", "EFIN or activation code sent by "
                                                             "email"),
                 location=kpp, actor=officer, duration="±5 menit", cost="Gratis"),
            step(("Aktivasi akun dan buat passphrase", "Activate the account and set a "
                                                       "passphrase"),
                 location=kpp, actor="Wajib pajak", duration="±10 menit", cost="Gratis"),
        ],
        processing_time=("±20 menit", "About 20 minutes"),
        fee=free("UU 7/2021"),
        product=("EFIN dan akun Coretax aktif", "EFIN and an active Coretax account"),
        legal_basis=TAX_LAW, online=coretax,
        life_events=["pajak", "kerja"],
        keywords=["efin", "lupa efin", "coretax", "aktivasi coretax", "akun pajak",
                  "djp online", "pajak online", "kode otorisasi", "lupa password pajak"],
    )

    c.service(
        slug="spt-tahunan", agency="kpp", queue_prefix="T",
        name=("Pendampingan lapor SPT Tahunan orang pribadi",
              "Help filing the individual annual tax return (SPT)"),
        summary=("Bantuan mengisi dan mengirim SPT Tahunan PPh orang pribadi lewat Coretax, "
                 "terutama bagi karyawan. Batas lapor 31 Maret.",
                 "Help completing and submitting the individual annual income tax return "
                 "through Coretax, mainly for employees. The deadline is 31 March."),
        requirements=[
            req(("Akun Coretax yang sudah aktif", "An active Coretax account"),
                detail=("Bila belum aktif, lakukan aktivasi lebih dulu di gerai ini.",
                        "If it is not active yet, activate it first at this counter.")),
            req(("Bukti potong PPh 21 dari pemberi kerja (formulir 1721-A1/A2)",
                 "Income tax withholding slip from your employer (form 1721-A1/A2)"),
                form="digital", source="Perusahaan tempat bekerja"),
            req(("Daftar harta dan utang akhir tahun", "List of assets and debts at year end"),
                detail=("Misalnya rumah, kendaraan, tabungan, dan sisa cicilan.",
                        "E.g. house, vehicles, savings and outstanding loans.")),
            kk(form="copy", detail=("Untuk data tanggungan keluarga.",
                                    "For your dependants.")),
            req(("Rekap peredaran bruto per bulan", "Monthly gross turnover summary"),
                condition=("Anda pelaku usaha", "you run a business")),
        ],
        steps=[
            queue_step(c, "T"),
            step(("Masuk ke Coretax", "Log in to Coretax"), location=kpp, actor="Wajib pajak",
                 duration="±5 menit", cost="Gratis"),
            step(("Isi SPT bersama petugas", "Complete the return with the officer"),
                 location=kpp, actor="Pemohon dan petugas", duration="±20 menit", cost="Gratis"),
            step(("Tanda tangan elektronik dan kirim", "Sign electronically and submit"),
                 location=kpp, actor="Wajib pajak", duration="±5 menit", cost="Gratis"),
            step(("Simpan Bukti Penerimaan Elektronik (BPE)", "Keep the electronic receipt (BPE)"),
                 location="Ponsel pemohon", actor="Wajib pajak", duration="±2 menit",
                 cost="Gratis"),
        ],
        processing_time=("±30 menit", "About 30 minutes"),
        fee=free("UU 7/2021",
                 ("Pendampingan gratis. Terlambat lapor dikenai denda Rp100.000.",
                  "Help is free. Late filing incurs a Rp100,000 penalty.")),
        product=("Bukti Penerimaan Elektronik (BPE) SPT Tahunan", "Electronic receipt (BPE) for "
                                                                  "the annual return"),
        legal_basis=TAX_LAW, online=coretax,
        life_events=["pajak", "kerja"],
        keywords=["spt", "lapor spt", "spt tahunan", "lapor pajak", "pajak tahunan",
                  "1721 a1", "bukti potong", "coretax", "e-filing", "efiling"],
    )


def _religious_court(c: SiteContext) -> None:
    pa = c.gerai("pengadilan-agama")
    officer = c.officer("pengadilan-agama")
    short_id, short_en = c.short("pengadilan-agama")
    days_id, days_en = c["pa_days"]
    c.service(
        slug="pendaftaran-perkara-pengadilan-agama", agency="pengadilan-agama", queue_prefix="S",
        availability="partial",
        name=("Pendaftaran perkara Pengadilan Agama (cerai, isbat nikah, dispensasi kawin, "
              "waris)",
              "Filing a case at the religious court (divorce, marriage validation, marriage "
              "dispensation, inheritance)"),
        summary=(f"Gerai {short_id} buka hari {days_id}: konsultasi prosedur, bantuan menyusun "
                 "gugatan atau permohonan (Posbakum), dan pendaftaran perkara lewat e-Court. "
                 "Sidang tetap di gedung Pengadilan Agama.",
                 f"The {short_en} counter opens on {days_en}: advice on procedure, help "
                 "drafting a claim or petition (legal aid post) and filing through e-Court. "
                 "Hearings are still held at the court building."),
        requirements=[
            ktp(form="copy"),
            req(("Buku nikah", "Marriage book"),
                form="copy",
                detail=("Fotokopinya dibubuhi meterai dan dicap pos (nazegelen) di kantor pos.",
                        "The photocopy must be duty-stamped and postmarked at the post office "
                        "(nazegelen)."),
                condition=("perkara perceraian", "it is a divorce case"),
                source="Kantor pos atau toko alat tulis"),
            kk(form="copy"),
            req(("Surat gugatan atau permohonan", "Written claim or petition"),
                form="original", qty=2,
                detail=("Bisa dibuatkan gratis oleh Pos Bantuan Hukum (Posbakum).",
                        "The legal aid post (Posbakum) can draft it for free.")),
            req(("Surat keterangan dari KUA bahwa pernikahan tidak tercatat",
                 "Letter from the KUA stating that the marriage is not registered"),
                form="original",
                condition=("perkara isbat nikah", "it is a marriage validation case")),
            req(("Surat penolakan dari KUA dan akta kelahiran anak",
                 "Rejection letter from the KUA and the child's birth certificate"),
                form="original_and_copy",
                condition=("perkara dispensasi kawin", "it is a marriage dispensation case")),
            req(("Akta kematian pewaris dan daftar ahli waris", "The deceased's death certificate "
                                                               "and a list of heirs"),
                form="copy", condition=("perkara waris", "it is an inheritance case")),
            req(("Surat keterangan tidak mampu dari desa/kelurahan", "Certificate of low income "
                                                                    "from the village office"),
                form="original", optional=True,
                condition=("mengajukan perkara tanpa biaya (prodeo)",
                           "you are asking to litigate free of charge (prodeo)"),
                source="Kantor desa/kelurahan"),
        ],
        steps=[
            step(("Konsultasi prosedur di gerai", "Procedural advice at the counter"),
                 location=pa, actor=officer, duration="±15 menit", cost="Gratis"),
            step(("Susun gugatan atau permohonan", "Draft the claim or petition"),
                 location=pa, actor=("Petugas Posbakum", "Legal aid officer"),
                 duration="±30 menit", cost="Gratis"),
            step(("Daftar lewat e-Court dan terima SKUM", "File through e-Court and receive the "
                                                          "fee assessment (SKUM)"),
                 location=pa, actor="Pemohon dan petugas", duration="±20 menit", cost="Gratis"),
            step(("Bayar panjar biaya perkara", "Pay the advance on court costs"),
                 detail=("Ke rekening virtual pengadilan; perkara prodeo tidak membayar.",
                         "Into the court's virtual account; prodeo cases pay nothing."),
                 location="Bank atau kantor pos", actor="Pemohon", duration="±10 menit",
                 cost="Sesuai tarif"),
            step(("Hadiri sidang sesuai panggilan", "Attend the hearings you are summoned to"),
                 location=(short_id, short_en), actor="Pemohon", duration="Sesuai jadwal",
                 cost="Gratis"),
        ],
        processing_time=("Pendaftaran ±1 jam; perkara tingkat pertama umumnya diputus dalam 5 "
                         "bulan",
                         "Filing about 1 hour; first-instance cases are usually decided within "
                         "5 months"),
        fee=paid(300_000,
                 ("Panjar biaya perkara ditaksir dalam SKUM sesuai jenis perkara dan radius "
                  "tempat tinggal para pihak (contoh ±Rp300.000–Rp800.000); sisa panjar "
                  "dikembalikan. Warga tidak mampu dapat berperkara tanpa biaya (prodeo).",
                  "The advance on costs is set in the SKUM by case type and how far the parties "
                  "live from the court (e.g. about Rp300,000–Rp800,000); any balance is "
                  "refunded. People on low incomes can litigate free of charge (prodeo)."),
                 "PERMA 1/2014 tentang Pedoman Pemberian Layanan Hukum bagi Masyarakat Tidak "
                 "Mampu di Pengadilan; SK Ketua Pengadilan Agama tentang panjar biaya perkara"),
        product=("Nomor perkara dan jadwal sidang; setelah putusan: salinan putusan atau akta "
                 "cerai",
                 "Case number and hearing date; after judgment: a copy of the ruling or the "
                 "divorce certificate"),
        legal_basis=("UU 7/1989 tentang Peradilan Agama sebagaimana terakhir diubah UU 50/2009; "
                     "PERMA 7/2022 tentang Administrasi Perkara dan Persidangan di Pengadilan "
                     "secara Elektronik"),
        elsewhere=(("Mediasi, persidangan, dan pengambilan salinan putusan atau akta cerai "
                    "dilakukan di gedung Pengadilan Agama.",
                    "Mediation, hearings and collection of the ruling or divorce certificate "
                    "take place at the religious court building."), c.office("pengadilan-agama")),
        online=("https://ecourt.mahkamahagung.go.id",
                ("Pendaftaran dan pembayaran perkara juga bisa lewat e-Court Mahkamah Agung.",
                 "Cases can also be filed and paid for through the Supreme Court's e-Court.")),
        life_events=["menikah", "kematian"],
        keywords=["cerai", "gugat cerai", "talak", "isbat nikah", "itsbat nikah",
                  "dispensasi kawin", "pengadilan agama", "waris", "e-court", "sidang cerai",
                  "akta cerai", "posbakum"],
    )
