"""Everyday services real MPPs offer that citizens search for: a police loss report, a crowd
permit for a celebration, and registering for the hajj."""
from __future__ import annotations

from .builders import free, req, step
from .common import kk, ktp, queue_step
from .context import SiteContext

POLRI_LAW = "UU 2/2002 tentang Kepolisian Negara RI; UU 25/2009 tentang Pelayanan Publik"
HAJI_LAW = ("UU 8/2019 tentang Penyelenggaraan Ibadah Haji dan Umrah; PMA 13/2021 tentang "
            "Penyelenggaraan Ibadah Haji Reguler")


def build(c: SiteContext) -> None:
    _loss_report(c)
    _crowd_permit(c)
    _hajj(c)


def _loss_report(c: SiteContext) -> None:
    polres = c.gerai("polres")
    officer = c.officer("polres")
    short_id, short_en = c.short("polres")
    c.service(
        slug="surat-keterangan-kehilangan", agency="polres", queue_prefix="B",
        name=("Surat keterangan kehilangan (SKTLK) dari kepolisian",
              "Police loss report (certificate of reported loss, SKTLK)"),
        summary=(f"Surat Keterangan Tanda Lapor Kehilangan dari {short_id} untuk dokumen atau "
                 "barang yang hilang: KTP-el, KK, SIM, STNK, buku nikah, ijazah, paspor, kartu "
                 "ATM, buku tabungan, atau ponsel. Surat ini syarat untuk mengurus gantinya. "
                 "Bila barang hilang karena dicuri atau dirampas, buat laporan polisi di SPKT "
                 "Polres atau Polsek, bukan di gerai.",
                 f"A certificate of reported loss from {short_en} for lost documents or items: "
                 "KTP-el, family card, driving licence, vehicle registration, marriage book, "
                 "diploma, passport, bank card, savings book or phone. You need it to replace "
                 "them. If something was stolen or taken by force, make a police report at the "
                 "SPKT desk of the district or sub-district police instead."),
        requirements=[
            ktp(form="original", group=1,
                detail=("Bila yang hilang justru KTP-el, bawa Kartu Keluarga.",
                        "If it is your KTP-el that is lost, bring your family card.")),
            kk(form="original", group=1),
            req(("Fotokopi atau foto dokumen yang hilang", "A copy or photo of the lost "
                                                            "document"),
                form="copy", optional=True,
                detail=("Mempercepat pencatatan nomor dokumen; tidak wajib.",
                        "Speeds up recording the document number; not required.")),
            req(("Keterangan waktu dan tempat kehilangan", "When and where you lost it"),
                detail=("Ceritakan kepada petugas; tidak perlu tertulis.",
                        "Tell the officer; nothing needs to be written.")),
        ],
        steps=[
            queue_step(c, "B"),
            step(("Ceritakan kehilangan kepada petugas", "Tell the officer about the loss"),
                 detail=("Petugas mencatat barang atau dokumen yang hilang, nomornya bila ada, "
                         "serta waktu dan tempat kehilangan.",
                         "The officer records what was lost, its number if known, and when and "
                         "where it was lost."),
                 location=polres, actor="Pemohon dan petugas", duration="±15 menit",
                 cost="Gratis"),
            step(("Periksa dan terima surat keterangan", "Check and collect the certificate"),
                 detail=("Periksa ejaan nama dan nomor dokumen sebelum pulang.",
                         "Check the spelling of your name and the document number before you "
                         "leave."),
                 location=polres, actor=officer, duration="±10 menit", cost="Gratis"),
        ],
        processing_time=("±30 menit, hari yang sama", "About 30 minutes, same day"),
        fee=free(POLRI_LAW, ("Tidak dipungut biaya. Laporan kehilangan bukan PNBP.",
                             "No charge. A loss report carries no state fee.")),
        product=("Surat Keterangan Tanda Lapor Kehilangan (SKTLK)",
                 "Certificate of reported loss (SKTLK)"),
        legal_basis=POLRI_LAW,
        online=("https://presisi.polri.go.id",
                ("Di beberapa daerah laporan kehilangan bisa dibuat lewat aplikasi Polri Super "
                 "App; surat tetap dicetak atau disahkan di gerai.",
                 "In some regions a loss report can be made in the Polri Super App; the "
                 "certificate is still printed or endorsed at the counter.")),
        life_events=["dokumen-hilang"],
        keywords=["surat kehilangan", "surat keterangan hilang", "laporan kehilangan",
                  "lapor kehilangan", "lapor hilang", "sktlk", "surat polisi kehilangan",
                  "surat hilang dari polisi", "ktp hilang", "kk hilang", "sim hilang",
                  "stnk hilang", "atm hilang", "dompet hilang", "hp hilang", "ijazah hilang",
                  "buku nikah hilang", "buku tabungan hilang", "kehilangan"],
    )


def _crowd_permit(c: SiteContext) -> None:
    polres = c.gerai("polres")
    officer = c.officer("polres")
    short_id, short_en = c.short("polres")
    c.service(
        slug="izin-keramaian", agency="polres", queue_prefix="B",
        name=("Izin keramaian (pesta, hiburan, dan kegiatan umum)",
              "Crowd permit (celebrations, entertainment and public events)"),
        summary=(f"Surat izin keramaian dari {short_id} untuk pesta pernikahan atau hajatan "
                 "dengan hiburan, pertunjukan, pertandingan olahraga, atau kegiatan lain yang "
                 "mengundang banyak orang atau memakai jalan. Ajukan paling lambat 7 hari "
                 "sebelum acara. Kegiatan berskala besar (ribuan orang atau lintas kabupaten) "
                 "diajukan ke Polda.",
                 f"A crowd permit from {short_en} for weddings or celebrations with "
                 "entertainment, shows, sports matches or other events that draw many people "
                 "or use the road. Apply at least 7 days before the event. Large events "
                 "(thousands of people or across regencies) go to the provincial police."),
        requirements=[
            ktp(form="copy", whose=("KTP-el penanggung jawab acara",
                                    "KTP-el of the person responsible for the event")),
            req(("Surat permohonan izin keramaian", "Letter applying for a crowd permit"),
                form="original",
                detail=("Memuat nama acara, tanggal, jam, tempat, perkiraan jumlah tamu, dan "
                        "hiburan yang ditampilkan.",
                        "Giving the event, date, time, place, expected number of guests and "
                        "any entertainment."),
                source="Disediakan di gerai"),
            req(("Surat keterangan atau rekomendasi dari kepala desa/lurah",
                 "Letter or recommendation from the village head"),
                form="original", source="Kantor desa/kelurahan"),
            req(("Rekomendasi Polsek setempat", "Recommendation from the local police station"),
                form="original", source="Kepolisian sektor (polsek) atau polres terdekat"),
            req(("Susunan acara dan denah lokasi", "Programme and site plan"), form="copy"),
            req(("Surat izin penggunaan jalan", "Permission to use the road"), form="copy",
                condition=("acara memakai atau menutup jalan", "the event uses or closes a "
                                                                 "road"),
                source=("Dinas Perhubungan atau Satlantas", "Transport office or traffic "
                                                            "police")),
        ],
        steps=[
            queue_step(c, "B"),
            step(("Serahkan berkas permohonan", "Hand in your application"),
                 location=polres, actor="Pemohon dan petugas", duration="±15 menit",
                 cost="Gratis"),
            step(("Pemeriksaan oleh Satintelkam", "Review by the police intelligence unit"),
                 detail=("Petugas dapat meninjau lokasi atau menghubungi penanggung jawab.",
                         "Officers may visit the site or contact the person responsible."),
                 location=(f"Kantor {short_id}", f"{short_en} office"), actor=officer,
                 duration="1–3 hari kerja", cost="Gratis"),
            step(("Ambil surat izin keramaian", "Collect the crowd permit"),
                 location=polres, actor="Pemohon", duration="±10 menit", cost="Gratis"),
        ],
        processing_time="1–3 hari kerja",
        fee=free(POLRI_LAW, ("Tidak dipungut biaya di gerai.", "No charge at the counter.")),
        product=("Surat izin keramaian", "Crowd permit"),
        legal_basis=POLRI_LAW + "; UU 9/1998 tentang Kemerdekaan Menyampaikan Pendapat di Muka "
                                "Umum",
        life_events=["menikah"],
        keywords=["izin keramaian", "ijin keramaian", "izin pesta", "izin hajatan",
                  "izin acara", "izin konser", "izin hiburan", "izin nikahan", "izin resepsi",
                  "izin tutup jalan", "surat izin polisi acara", "izin orgen tunggal"],
    )


def _hajj(c: SiteContext) -> None:
    kemenag = c.gerai("kemenag")
    officer = c.officer("kemenag")
    short_id, short_en = c.short("kemenag")
    c.service(
        slug="pendaftaran-haji-reguler", agency="kemenag", queue_prefix="G", daily_quota=30,
        name=("Pendaftaran haji reguler", "Registering for the regular hajj"),
        summary=("Pendaftaran calon jemaah haji reguler bagi warga beragama Islam berusia "
                 "paling rendah 12 tahun. Buka tabungan haji dan setor awal di bank penerima "
                 "setoran lebih dulu, lalu datang ke gerai untuk verifikasi, foto, dan sidik "
                 "jari hingga mendapat nomor porsi.",
                 "Registration for the regular hajj for Muslims aged 12 or over. First open a "
                 "hajj savings account and pay the initial deposit at an approved bank, then "
                 "come to the counter for checks, photo and fingerprints, and get your queue "
                 "number (nomor porsi)."),
        requirements=[
            ktp(form="original_and_copy"),
            kk(form="original_and_copy"),
            req(("Akta kelahiran, buku nikah, atau ijazah", "Birth certificate, marriage book "
                                                            "or diploma"),
                form="original_and_copy"),
            req(("Bukti setoran awal BPIH Rp25.000.000 dengan nomor validasi",
                 "Receipt for the Rp25,000,000 initial hajj deposit, with its validation "
                 "number"),
                form="original_and_copy",
                source=("Bank penerima setoran BPIH (bank syariah)", "An approved hajj deposit "
                                                                      "bank (Islamic bank)")),
            req(("Pas foto berwarna 3×4, latar putih, wajah tampak 80%",
                 "Colour photo, 3×4 cm, white background, face filling 80% of the frame"),
                form="original", qty=10),
        ],
        steps=[
            step(("Buka tabungan haji dan setor awal Rp25.000.000",
                  "Open a hajj savings account and pay the Rp25,000,000 deposit"),
                 location=("Bank penerima setoran BPIH", "Approved hajj deposit bank"),
                 actor="Pemohon", duration="±1 jam", cost="Rp25.000.000"),
            queue_step(c, "G"),
            step(("Verifikasi berkas, foto dan sidik jari", "Document check, photo and "
                                                            "fingerprints"),
                 location=kemenag, actor=officer, duration="±30 menit", cost="Gratis"),
            step(("Terima bukti pendaftaran dengan nomor porsi",
                  "Receive proof of registration with your queue number"),
                 location=kemenag, actor=officer, duration="±10 menit", cost="Gratis"),
        ],
        processing_time=("Hari yang sama bila berkas lengkap", "Same day when your documents "
                                                                "are complete"),
        fee=free(HAJI_LAW,
                 ("Pendaftaran di gerai tidak dipungut biaya. Setoran awal Rp25.000.000 "
                  "disetor ke rekening BPKH lewat bank dan menjadi bagian dari biaya haji, "
                  "bukan biaya layanan.",
                  "Registration at the counter is free. The Rp25,000,000 initial deposit is "
                  "paid through the bank into the hajj fund (BPKH) account and is part of the "
                  "hajj cost, not a service fee.")),
        product=("Bukti pendaftaran haji (SPPH) dan nomor porsi",
                 "Hajj registration record (SPPH) and queue number"),
        legal_basis=HAJI_LAW,
        online=("https://haji.kemenag.go.id",
                ("Nomor porsi dan perkiraan tahun berangkat bisa dicek di haji.kemenag.go.id "
                 "atau aplikasi Haji Pintar.",
                 "You can check your queue number and expected year of departure at "
                 "haji.kemenag.go.id or in the Haji Pintar app.")),
        life_events=["bepergian"],
        keywords=["daftar haji", "pendaftaran haji", "haji reguler", "nomor porsi",
                  "setoran awal haji", "naik haji", "porsi haji", "kemenag haji", "hajj"],
    )
