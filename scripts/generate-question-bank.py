#!/usr/bin/env python3
"""Writes Sources/Application/Resources/Test/questions.json: the basic test's question bank.

Numeracy items are made from small templates with fixed numbers (so the bank is the same every
run); reading and motivation items are written out. Each item has its text and options in
Indonesian and English; a choice item names its correct option; a Likert item is recorded, not
scored. Run it again after changing a template and commit the JSON.
"""
import json
import random

rng = random.Random(2020)
items = []


def choice(id, kind, id_text, en_text, options, correct):
    shuffled = list(range(len(options)))
    rng.shuffle(shuffled)
    items.append({
        "id": id, "kind": kind,
        "text": {"id": id_text, "en": en_text},
        "options": [{"id": options[i][0], "en": options[i][1]} for i in shuffled],
        "correct": shuffled.index(correct),
    })


def distinct(answer, candidates, step):
    """Three wrong answers, all different from each other and from the right one."""
    wrong = []
    for value in candidates + [answer + step * k for k in range(1, 10)]:
        if value != answer and value > 0 and value not in wrong:
            wrong.append(value)
        if len(wrong) == 3:
            return wrong
    return wrong


def rupiah(n, lang):
    s = f"{n:,}"
    return "Rp" + (s.replace(",", ".") if lang == "id" else s)


# Percentages and discounts (12).
for n in range(12):
    price = rng.choice([40_000, 75_000, 120_000, 150_000, 250_000, 480_000, 600_000, 900_000])
    pct = rng.choice([10, 15, 20, 25, 30, 40, 50])
    answer = price * (100 - pct) // 100
    wrong = distinct(answer, [price * pct // 100, price - pct * 100, answer + price // 10], 5_000)
    opts = [(rupiah(v, "id"), rupiah(v, "en")) for v in [answer] + wrong]
    choice(f"num-discount-{n+1}", "numeracy",
           f"Harga sebuah barang {rupiah(price, 'id')}. Toko memberi diskon {pct}%. Berapa yang harus dibayar?",
           f"An item costs {rupiah(price, 'en')}. The shop gives a {pct}% discount. How much do you pay?",
           opts, 0)

# Fractions (12).
for n in range(12):
    whole = rng.choice([12, 18, 24, 30, 36, 48, 60])
    num, den = rng.choice([(1, 2), (1, 3), (2, 3), (1, 4), (3, 4), (1, 6), (5, 6)])
    if whole % den:
        whole = den * rng.choice([4, 6, 8, 10])
    answer = whole * num // den
    wrong = distinct(answer, [answer + den, abs(answer - num), whole // num], 2)
    opts = [(str(v), str(v)) for v in [answer] + wrong]
    choice(f"num-fraction-{n+1}", "numeracy",
           f"Sebuah kelas pelatihan punya {whole} peserta. {num}/{den} dari mereka sudah lulus. Berapa peserta yang sudah lulus?",
           f"A training class has {whole} participants. {num}/{den} of them have passed. How many have passed?",
           opts, 0)

# Percent of a total (8).
for n in range(8):
    total = rng.choice([200, 400, 500, 800, 1_000, 1_200])
    pct = rng.choice([5, 10, 12, 20, 25, 35, 60, 75])
    answer = total * pct // 100
    wrong = distinct(answer, [answer + total // 10, total - answer, pct], 5)
    opts = [(str(v), str(v)) for v in [answer] + wrong]
    choice(f"num-percent-{n+1}", "numeracy",
           f"Dari {total} pendaftar di sebuah desa, {pct}% berusia di bawah 25 tahun. Berapa orang itu?",
           f"Of {total} applicants in a village, {pct}% are under 25. How many people is that?",
           opts, 0)

# Small tables (8).
for n in range(8):
    days = ["Senin", "Selasa", "Rabu", "Kamis"]
    days_en = ["Monday", "Tuesday", "Wednesday", "Thursday"]
    sales = [rng.randrange(10, 60) for _ in days]
    if len(set(sales)) < 4:
        sales = [sales[0], sales[0] + 7, sales[0] + 15, sales[0] + 3]
    table_id = "; ".join(f"{d}: {s}" for d, s in zip(days, sales))
    table_en = "; ".join(f"{d}: {s}" for d, s in zip(days_en, sales))
    if n % 2 == 0:
        best = sales.index(max(sales))
        opts = [(days[i], days_en[i]) for i in [best] + [i for i in range(4) if i != best]]
        choice(f"num-table-{n+1}", "numeracy",
               f"Penjualan kue per hari ({table_id}). Hari apa penjualannya paling banyak?",
               f"Cakes sold per day ({table_en}). On which day were the most sold?", opts, 0)
    else:
        answer = sum(sales)
        opts = [(str(v), str(v)) for v in [answer] + distinct(answer, [answer - sales[0], answer + 10, max(sales) * 4], 3)]
        choice(f"num-table-{n+1}", "numeracy",
               f"Penjualan kue per hari ({table_id}). Berapa jumlah seluruhnya dalam empat hari itu?",
               f"Cakes sold per day ({table_en}). How many in all over the four days?", opts, 0)

# Reading (10: five short texts, two questions each).
passages = [
    ("Bu Rina membuka warung makan. Setelah ikut pelatihan pemasaran daring, ia mulai menerima pesanan lewat aplikasi. Dalam tiga bulan, pelanggannya bertambah dua kali lipat.",
     "Bu Rina runs a food stall. After an online marketing course she began taking orders through an app. In three months her customers doubled.",
     [("Apa yang dilakukan Bu Rina setelah pelatihan?", "What did Bu Rina do after the course?",
       [("Menerima pesanan lewat aplikasi", "Took orders through an app"), ("Menutup warung", "Closed the stall"), ("Pindah kota", "Moved to another city"), ("Membuka pabrik", "Opened a factory")]),
      ("Berapa kali lipat pelanggannya bertambah?", "By how much did her customers grow?",
       [("Dua kali lipat", "They doubled"), ("Tiga kali lipat", "They tripled"), ("Tidak bertambah", "They did not grow"), ("Setengahnya", "By half")])]),
    ("Pelatihan las dasar berlangsung 40 jam selama dua minggu. Peserta yang hadir di semua sesi dan lulus ujian praktik mendapat sertifikat.",
     "The basic welding course lasts 40 hours over two weeks. Participants who attend every session and pass the practical exam receive a certificate.",
     [("Berapa lama pelatihan berlangsung?", "How long does the course last?",
       [("40 jam selama dua minggu", "40 hours over two weeks"), ("Dua jam", "Two hours"), ("40 hari", "40 days"), ("Satu tahun", "One year")]),
      ("Apa syarat mendapat sertifikat?", "What is needed for the certificate?",
       [("Hadir di semua sesi dan lulus ujian praktik", "Attend every session and pass the practical exam"), ("Membayar biaya tambahan", "Pay an extra fee"), ("Mengajak teman", "Bring a friend"), ("Hadir di sesi pertama saja", "Attend the first session only")])]),
    ("Pak Joko kehilangan pekerjaan di pabrik tekstil. Ia memilih pelatihan servis sepeda motor karena di desanya belum ada bengkel. Kini ia membuka bengkel kecil di depan rumah.",
     "Pak Joko lost his job at a textile factory. He chose a motorcycle repair course because his village had no workshop. Now he runs a small workshop in front of his house.",
     [("Mengapa Pak Joko memilih pelatihan servis sepeda motor?", "Why did Pak Joko choose motorcycle repair?",
       [("Di desanya belum ada bengkel", "His village had no workshop"), ("Ia suka balapan", "He likes racing"), ("Pabriknya memintanya", "His factory asked him"), ("Pelatihannya paling murah", "It was the cheapest course")]),
      ("Di mana Pak Joko membuka bengkel?", "Where did Pak Joko open his workshop?",
       [("Di depan rumah", "In front of his house"), ("Di pabrik", "At the factory"), ("Di kota", "In the city"), ("Di pasar", "At the market")])]),
    ("Kartu Prakerja memberi saldo untuk membeli pelatihan. Saldo tidak dapat diuangkan. Pelatihan pertama harus dibeli sebelum batas waktu, atau kartu dicabut.",
     "The Prakerja card gives a balance to buy training. The balance cannot be cashed out. The first training must be bought before the deadline, or the card is revoked.",
     [("Untuk apa saldo Kartu Prakerja?", "What is the Prakerja balance for?",
       [("Membeli pelatihan", "Buying training"), ("Belanja bulanan", "Monthly shopping"), ("Ditarik tunai", "Cash withdrawal"), ("Membayar listrik", "Paying electricity")]),
      ("Apa yang terjadi jika pelatihan pertama tidak dibeli sebelum batas waktu?", "What happens if no training is bought before the deadline?",
       [("Kartu dicabut", "The card is revoked"), ("Saldo bertambah", "The balance grows"), ("Tidak terjadi apa-apa", "Nothing happens"), ("Batas waktu diperpanjang otomatis", "The deadline is extended automatically")])]),
    ("Sebuah kelompok tani di Sulawesi belajar membuat pupuk kompos. Biaya pupuk mereka turun sepertiganya, dan sisa sayur pasar tidak lagi dibuang.",
     "A farmers' group in Sulawesi learned to make compost. Their fertiliser costs fell by a third, and leftover market vegetables are no longer thrown away.",
     [("Apa yang dipelajari kelompok tani itu?", "What did the farmers' group learn?",
       [("Membuat pupuk kompos", "Making compost"), ("Menjual sayur daring", "Selling vegetables online"), ("Menanam padi", "Growing rice"), ("Beternak ayam", "Raising chickens")]),
      ("Berapa penurunan biaya pupuk mereka?", "By how much did their fertiliser costs fall?",
       [("Sepertiga", "A third"), ("Setengah", "A half"), ("Seluruhnya", "All of it"), ("Tidak turun", "They did not fall")])]),
]
for p, (text_id, text_en, questions) in enumerate(passages):
    for q, (q_id, q_en, opts) in enumerate(questions):
        choice(f"read-{p+1}-{q+1}", "reading", f"{text_id}\n\n{q_id}", f"{text_en}\n\n{q_en}", opts, 0)

# Motivation (10, Likert: recorded, not scored).
likert_id = ["Sangat tidak setuju", "Tidak setuju", "Ragu-ragu", "Setuju", "Sangat setuju"]
likert_en = ["Strongly disagree", "Disagree", "Not sure", "Agree", "Strongly agree"]
statements = [
    ("Saya ingin menambah keterampilan agar lebih mudah mendapat pekerjaan.", "I want new skills so that finding work is easier."),
    ("Saya bersedia menyelesaikan pelatihan walau memakan waktu beberapa minggu.", "I am willing to finish a course even if it takes several weeks."),
    ("Saya punya rencana usaha atau pekerjaan yang ingin saya capai.", "I have a business or job plan I want to reach."),
    ("Saya terbiasa belajar hal baru lewat ponsel.", "I am used to learning new things on a phone."),
    ("Saya akan mengikuti pelatihan sampai selesai dan mengisi ulasannya.", "I will follow a course to the end and write its review."),
    ("Saya mau mencoba pekerjaan di bidang yang berbeda dari sebelumnya.", "I am ready to try work in a field different from before."),
    ("Saya dapat menyisihkan waktu setiap hari untuk belajar.", "I can set aside time every day to learn."),
    ("Saya ingin memakai keterampilan baru untuk membantu keluarga.", "I want to use new skills to help my family."),
    ("Saya tidak mudah menyerah ketika materi pelatihan sulit.", "I do not give up easily when a course is hard."),
    ("Saya akan membagikan pengalaman pelatihan kepada orang di sekitar saya.", "I will share what I learn with people around me."),
]
for n, (s_id, s_en) in enumerate(statements):
    items.append({"id": f"motivation-{n+1}", "kind": "motivation", "text": {"id": s_id, "en": s_en},
                  "options": [{"id": a, "en": b} for a, b in zip(likert_id, likert_en)], "correct": None})

bank = {"version": 1, "items": items}
with open("Sources/Application/Resources/Test/questions.json", "w") as out:
    json.dump(bank, out, ensure_ascii=False, indent=1)
    out.write("\n")
print(len(items), "items:", {k: sum(1 for i in items if i["kind"] == k) for k in ("numeracy", "reading", "motivation")})
