"""Texts of the example evidence folder for the fictional Kota Sukamaju.

All texts are written for bukti (not copied from any real document). They follow the anatomy of
real Indonesian regional regulations so that the pipeline has something realistic to read.
"""

from __future__ import annotations

REGION = "Kota Sukamaju"

PERWALI_SPBE = """\
SALINAN
WALI KOTA SUKAMAJU
PROVINSI JAWA BARAT
PERATURAN WALI KOTA SUKAMAJU
NOMOR 17 TAHUN 2024
TENTANG
SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK
DI LINGKUNGAN PEMERINTAH KOTA SUKAMAJU
DENGAN RAHMAT TUHAN YANG MAHA ESA
WALI KOTA SUKAMAJU,
Menimbang : a. bahwa untuk mewujudkan tata kelola pemerintahan yang bersih, efektif, transparan, dan akuntabel serta pelayanan publik yang berkualitas dan terpercaya, perlu menyelenggarakan sistem pemerintahan berbasis elektronik;
b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan Peraturan Wali Kota tentang Sistem Pemerintahan Berbasis Elektronik di Lingkungan Pemerintah Kota Sukamaju;
Mengingat : 1. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;
2. Peraturan Presiden Nomor 95 Tahun 2018 tentang Sistem Pemerintahan Berbasis Elektronik;
3. Peraturan Presiden Nomor 132 Tahun 2022 tentang Arsitektur Sistem Pemerintahan Berbasis Elektronik Nasional;
MEMUTUSKAN:
Menetapkan : PERATURAN WALI KOTA TENTANG SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK DI LINGKUNGAN PEMERINTAH KOTA SUKAMAJU.
BAB I
KETENTUAN UMUM
Pasal 1
Dalam Peraturan Wali Kota ini yang dimaksud dengan:
1. Daerah adalah Kota Sukamaju.
2. Wali Kota adalah Wali Kota Sukamaju.
3. Perangkat Daerah adalah unsur pembantu Wali Kota dalam penyelenggaraan urusan pemerintahan.
4. Sistem Pemerintahan Berbasis Elektronik yang selanjutnya disingkat SPBE adalah penyelenggaraan pemerintahan yang memanfaatkan teknologi informasi dan komunikasi untuk memberikan layanan kepada pengguna SPBE.
5. Dinas Komunikasi dan Informatika yang selanjutnya disebut Diskominfo adalah Perangkat Daerah yang menyelenggarakan urusan pemerintahan di bidang komunikasi dan informatika.
BAB II
ARSITEKTUR SPBE
Pasal 2
(1) Arsitektur SPBE Pemerintah Daerah disusun dengan berpedoman pada Arsitektur SPBE Nasional dan Rencana Pembangunan Jangka Menengah Daerah.
(2) Arsitektur SPBE Pemerintah Daerah memuat referensi arsitektur dan domain arsitektur.
(3) Domain arsitektur sebagaimana dimaksud pada ayat (2) terdiri atas:
a. arsitektur proses bisnis;
b. arsitektur data dan informasi;
c. arsitektur infrastruktur SPBE;
d. arsitektur aplikasi SPBE;
e. arsitektur keamanan SPBE; dan
f. arsitektur layanan SPBE.
(4) Arsitektur SPBE Pemerintah Daerah disusun untuk jangka waktu 5 (lima) tahun dan dilakukan reviu pada paruh waktu atau sewaktu-waktu sesuai kebutuhan.
BAB III
PETA RENCANA SPBE
Pasal 3
(1) Peta Rencana SPBE Pemerintah Daerah disusun dengan berpedoman pada Peta Rencana SPBE Nasional dan Arsitektur SPBE Pemerintah Daerah.
(2) Peta Rencana SPBE Pemerintah Daerah memuat:
a. tata kelola SPBE;
b. manajemen SPBE;
c. layanan SPBE;
d. infrastruktur SPBE;
e. aplikasi SPBE;
f. keamanan SPBE; dan
g. audit teknologi informasi dan komunikasi.
(3) Peta Rencana SPBE Pemerintah Daerah disusun untuk jangka waktu 5 (lima) tahun.
BAB IV
MANAJEMEN DATA
Pasal 4
(1) Manajemen data dilaksanakan untuk menjamin terwujudnya data yang akurat, mutakhir, terintegrasi, dan dapat dipertanggungjawabkan.
(2) Manajemen data sebagaimana dimaksud pada ayat (1) meliputi:
a. arsitektur data;
b. data induk;
c. data referensi;
d. basis data;
e. kualitas data; dan
f. interoperabilitas data.
BAB V
APLIKASI SPBE
Pasal 5
(1) Pembangunan dan pengembangan aplikasi SPBE oleh Perangkat Daerah wajib dikonsultasikan kepada Diskominfo.
(2) Pembangunan aplikasi SPBE dilaksanakan melalui tahapan analisis kebutuhan, perancangan, pengembangan, pengujian, implementasi, dan pemeliharaan.
(3) Kode sumber dan dokumentasi aplikasi disimpan dalam repositori aplikasi Pemerintah Daerah.
BAB VI
INFRASTRUKTUR SPBE
Pasal 6
(1) Seluruh Perangkat Daerah wajib menggunakan layanan pusat data Pemerintah Daerah yang dikelola oleh Diskominfo.
(2) Pusat data Pemerintah Daerah terhubung dengan Pusat Data Nasional.
Pasal 7
(1) Seluruh Perangkat Daerah wajib menggunakan jaringan intra Pemerintah Daerah.
(2) Jaringan intra Pemerintah Daerah terhubung dengan Jaringan Intra Pemerintah.
Pasal 8
(1) Seluruh Perangkat Daerah wajib menggunakan sistem penghubung layanan Pemerintah Daerah untuk melakukan integrasi layanan.
(2) Sistem penghubung layanan Pemerintah Daerah terhubung dengan sistem penghubung layanan pemerintah nasional.
BAB VII
KEAMANAN SPBE
Pasal 9
(1) Manajemen keamanan informasi dilaksanakan melalui penetapan ruang lingkup, penetapan penanggung jawab, perencanaan, dukungan pengoperasian, evaluasi kinerja, dan perbaikan berkelanjutan.
(2) Pelaksanaan manajemen keamanan informasi berpedoman pada standar yang ditetapkan oleh Badan Siber dan Sandi Negara.
BAB VIII
AUDIT TEKNOLOGI INFORMASI DAN KOMUNIKASI
Pasal 10
(1) Audit teknologi informasi dan komunikasi terdiri atas audit infrastruktur SPBE, audit aplikasi SPBE, dan audit keamanan SPBE.
(2) Audit sebagaimana dimaksud pada ayat (1) dilaksanakan paling sedikit 1 (satu) kali dalam 2 (dua) tahun.
BAB IX
TIM KOORDINASI SPBE
Pasal 11
(1) Untuk meningkatkan keterpaduan pelaksanaan SPBE dibentuk Tim Koordinasi SPBE Pemerintah Daerah.
(2) Tim Koordinasi SPBE diketuai oleh Sekretaris Daerah dengan anggota seluruh kepala Perangkat Daerah.
(3) Tim Koordinasi SPBE ditetapkan dengan Keputusan Wali Kota.
BAB X
KETENTUAN PENUTUP
Pasal 12
Peraturan Wali Kota ini mulai berlaku pada tanggal diundangkan.
Agar setiap orang mengetahuinya, memerintahkan pengundangan Peraturan Wali Kota ini dengan penempatannya dalam Berita Daerah Kota Sukamaju.
Ditetapkan di Sukamaju
pada tanggal 12 Maret 2024
WALI KOTA SUKAMAJU,
ttd
ARIF BUDIMAN
Diundangkan di Sukamaju
pada tanggal 13 Maret 2024
SEKRETARIS DAERAH KOTA SUKAMAJU,
ttd
DEWI LESTARI
BERITA DAERAH KOTA SUKAMAJU TAHUN 2024 NOMOR 17
"""

RANCANGAN_ARSITEKTUR = """\
RANCANGAN
PERATURAN WALI KOTA SUKAMAJU
NOMOR    TAHUN 2025
TENTANG
ARSITEKTUR SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK
KOTA SUKAMAJU TAHUN 2025-2029
DENGAN RAHMAT TUHAN YANG MAHA ESA
WALI KOTA SUKAMAJU,
Menimbang : a. bahwa untuk melaksanakan ketentuan Pasal 2 Peraturan Wali Kota Nomor 17 Tahun 2024 tentang Sistem Pemerintahan Berbasis Elektronik, perlu menetapkan Peraturan Wali Kota tentang Arsitektur SPBE;
Mengingat : 1. Peraturan Presiden Nomor 95 Tahun 2018 tentang Sistem Pemerintahan Berbasis Elektronik;
2. Peraturan Presiden Nomor 132 Tahun 2022 tentang Arsitektur SPBE Nasional;
MEMUTUSKAN:
Menetapkan : PERATURAN WALI KOTA TENTANG ARSITEKTUR SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK KOTA SUKAMAJU TAHUN 2025-2029.
Pasal 1
Arsitektur SPBE Kota Sukamaju Tahun 2025-2029 merupakan pedoman bagi Perangkat Daerah dalam penyelenggaraan SPBE.
Pasal 2
(1) Arsitektur SPBE memuat referensi arsitektur dan domain arsitektur proses bisnis, data dan informasi, infrastruktur SPBE, aplikasi SPBE, keamanan SPBE, dan layanan SPBE.
(2) Rincian Arsitektur SPBE tercantum dalam Lampiran yang merupakan bagian tidak terpisahkan dari Peraturan Wali Kota ini.
Pasal 3
Peraturan Wali Kota ini mulai berlaku pada tanggal diundangkan.
Ditetapkan di Sukamaju
pada tanggal
WALI KOTA SUKAMAJU,
ARIF BUDIMAN
"""

SK_TIM = """\
KEPUTUSAN WALI KOTA SUKAMAJU
NOMOR 555/214/DISKOMINFO/2024
TENTANG
PEMBENTUKAN TIM KOORDINASI SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK
KOTA SUKAMAJU
WALI KOTA SUKAMAJU,
Menimbang : a. bahwa untuk melaksanakan ketentuan Pasal 11 Peraturan Wali Kota Nomor 17 Tahun 2024 tentang Sistem Pemerintahan Berbasis Elektronik, perlu membentuk Tim Koordinasi SPBE;
Mengingat : 1. Peraturan Presiden Nomor 95 Tahun 2018 tentang Sistem Pemerintahan Berbasis Elektronik;
2. Peraturan Wali Kota Sukamaju Nomor 17 Tahun 2024 tentang Sistem Pemerintahan Berbasis Elektronik;
MEMUTUSKAN:
Menetapkan :
KESATU : Membentuk Tim Koordinasi Sistem Pemerintahan Berbasis Elektronik Kota Sukamaju dengan susunan keanggotaan sebagaimana tercantum dalam Lampiran Keputusan ini.
KEDUA : Tim Koordinasi SPBE diketuai oleh Sekretaris Daerah dengan anggota seluruh kepala Perangkat Daerah dan bertugas:
a. melakukan koordinasi dan penerapan kebijakan SPBE di seluruh Perangkat Daerah;
b. melakukan pemantauan dan evaluasi penerapan SPBE;
c. melaporkan pelaksanaan tugas kepada Wali Kota paling sedikit 1 (satu) kali dalam 6 (enam) bulan.
KETIGA : Segala biaya yang timbul akibat ditetapkannya Keputusan ini dibebankan pada Anggaran Pendapatan dan Belanja Daerah Kota Sukamaju.
KEEMPAT : Keputusan ini mulai berlaku pada tanggal ditetapkan.
Ditetapkan di Sukamaju
pada tanggal 2 April 2024
WALI KOTA SUKAMAJU,
ttd
ARIF BUDIMAN
"""

SOP_ROWS = [
    ("1", "Menerima permohonan penempatan server dari Perangkat Daerah", "Formulir permohonan", "1 hari", "Permohonan tercatat"),
    ("2", "Memverifikasi kebutuhan ruang rak, daya, dan jaringan", "Formulir permohonan", "2 hari", "Hasil verifikasi"),
    ("3", "Menyetujui penempatan server di pusat data", "Hasil verifikasi", "1 hari", "Persetujuan"),
    ("4", "Memasang server dan mencatat dalam daftar aset pusat data", "Persetujuan", "1 hari", "Berita acara"),
]

SOP_HEADER = """\
PEMERINTAH KOTA SUKAMAJU
DINAS KOMUNIKASI DAN INFORMATIKA
Nomor SOP : 800/12/SOP-DISKOMINFO/2024
Tanggal Pembuatan : 8 Januari 2024
Tanggal Revisi : -
Tanggal Efektif : 15 Januari 2024
Disahkan oleh : Kepala Dinas Komunikasi dan Informatika
Nama SOP : Penempatan Server pada Pusat Data Pemerintah Kota Sukamaju
Dasar Hukum : Peraturan Wali Kota Sukamaju Nomor 17 Tahun 2024 tentang Sistem Pemerintahan Berbasis Elektronik
Kualifikasi Pelaksana : Memahami pengelolaan pusat data dan jaringan
Keterkaitan : SOP Pengelolaan Jaringan Intra
Peralatan/Perlengkapan : Komputer, formulir permohonan, daftar aset
Peringatan : Penempatan tanpa persetujuan menyebabkan server tidak dilayani
Pencatatan dan Pendataan : Daftar aset pusat data
"""

NOTULEN = """\
NOTULEN RAPAT
REVIU KEBIJAKAN SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK
Hari/Tanggal : Selasa, 15 Oktober 2024
Waktu : 09.00 - 12.00 WIB
Tempat : Ruang Rapat Diskominfo Kota Sukamaju
Pimpinan Rapat : Sekretaris Daerah Kota Sukamaju selaku Ketua Tim Koordinasi SPBE
Peserta : Anggota Tim Koordinasi SPBE (daftar hadir terlampir)
Acara : Reviu dan evaluasi Peraturan Wali Kota Nomor 17 Tahun 2024 tentang Sistem Pemerintahan Berbasis Elektronik
Pembahasan :
1. Diskominfo menyampaikan hasil reviu pelaksanaan Arsitektur SPBE dan Peta Rencana SPBE tahun berjalan.
2. Reviu kebijakan menemukan bahwa ketentuan mengenai integrasi SPBE antar instansi pemerintah belum diatur secara rinci.
3. Evaluasi kebijakan manajemen data menunjukkan Forum Satu Data belum terbentuk.
Kesimpulan/Hasil Rapat :
1. Peraturan Wali Kota Nomor 17 Tahun 2024 perlu diubah untuk mengatur integrasi SPBE antar instansi dan keselarasan dengan Arsitektur SPBE Nasional.
2. Diskominfo menyiapkan rancangan perubahan Peraturan Wali Kota paling lambat Desember 2024.
3. Rekomendasi perbaikan dilaporkan kepada Wali Kota sebagai tindak lanjut reviu.
Notulis,
RINA KARTIKA
"""

UNRELATED = """\
PEMERINTAH KOTA SUKAMAJU
PENGUMUMAN
NOMOR 003/45/DISPORA/2024
TENTANG
LOMBA KEBERSIHAN LINGKUNGAN ANTAR KELURAHAN
Dalam rangka memperingati Hari Jadi Kota Sukamaju, Dinas Pemuda dan Olahraga menyelenggarakan lomba kebersihan lingkungan antar kelurahan.
Pendaftaran dibuka mulai tanggal 1 Mei 2024 sampai dengan 20 Mei 2024 di kantor kelurahan masing-masing.
Penilaian meliputi kebersihan saluran air, penghijauan, pengelolaan sampah, dan partisipasi warga.
Pemenang akan diumumkan pada upacara Hari Jadi Kota Sukamaju.
Sukamaju, 25 April 2024
KEPALA DINAS PEMUDA DAN OLAHRAGA,
HENDRA WIJAYA
"""
