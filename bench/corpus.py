"""A generator of realistic-looking plain-text news pages (about 5 KB each) for benchmarks.

Sentences are written for kizuna; names and numbers are drawn at random, so the
pages exercise the linker, the date finder and the figure parser like real news.
Deterministic for a given seed; yields pages one by one (nothing is kept in memory).
"""
from __future__ import annotations

import random
from collections.abc import Iterator

VN = ["Quảng Ninh", "Long An", "Hậu Giang", "Đắk Lắk", "Bắc Ninh", "Hải Phòng", "Đà Nẵng", "Thừa Thiên Huế",
      "Nghệ An", "Bình Dương", "Cần Thơ", "Khánh Hòa", "Hưng Yên", "Thái Bình", "Lâm Đồng", "Tây Ninh"]
JP = ["Gunma", "Ibaraki", "Osaka", "Hiroshima", "Kanagawa", "Saitama", "Fukuoka", "Nagano", "Hokkaido",
      "Shizuoka", "Tottori", "Chiba", "Yamanashi", "Niigata", "Kyoto", "Miyagi"]
PEOPLE = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Quang Hải", "Phạm Minh Tuấn", "Hoàng Thu Trang"]
JP_PEOPLE = ["Yamada Taro", "Suzuki Hanako", "Tanaka Ken", "Sato Yuki"]

VI_BODY = [
    "Sáng {d}-{m}, đoàn công tác của tỉnh {vn} do Chủ tịch UBND tỉnh {p} dẫn đầu đã đến thăm và làm việc tại tỉnh {jp}.",
    "Hai bên đã ký kết biên bản ghi nhớ về hợp tác trong lĩnh vực nông nghiệp công nghệ cao và đào tạo nguồn nhân lực.",
    "Theo báo cáo, hiện có {n} doanh nghiệp Nhật Bản đầu tư vào tỉnh {vn} với tổng vốn hơn {x} triệu USD.",
    "Ông {jpp}, Thống đốc tỉnh {jp}, bày tỏ mong muốn tăng cường giao lưu văn hóa, du lịch và giáo dục.",
    "Khoảng {k}.{k2}00 người lao động và thực tập sinh của tỉnh đang làm việc tại Nhật Bản.",
    "Tỉnh {vn} cam kết tạo điều kiện thuận lợi cho các nhà đầu tư đến từ {jp} trong thời gian tới.",
    "Ngày {d}/{m}, Diễn đàn hợp tác địa phương được tổ chức tại thành phố Hạ Long với sự tham dự của {n} địa phương.",
]
EN_BODY = [
    "On {month} {d}, a delegation from {vn} province led by Chairman {p} visited {jp} Prefecture.",
    "The two sides signed a memorandum of understanding on agriculture, tourism and human resources training.",
    "{jp} is home to some {k},{k2}00 Vietnamese residents and {n} companies invest in Vietnam.",
    "Governor {jpp} of {jp} Prefecture said the partnership with {vn} had grown over the past decade.",
    "Japanese investment in {vn} reached ${x} million across {n} projects, officials said.",
]
SV_BODY = [
    "Den {d} november tog premiärminister {p} emot guvernören i {jp}-provinsen i {vn}.",
    "Provinsen har för närvarande {n} företag som investerar i Vietnam och cirka {k} {k2}00 vietnameser.",
    "Parterna kom överens om att främja samarbetet inom jordbruk, turism och utbildning.",
]
JA_BODY = [
    "{m}月{d}日、{jp}県の{jpp}知事はベトナムの{vn}省を訪問し、覚書に署名した。",
    "同県には約{k}万{k2}千人のベトナム人が住み、{n}社の企業がベトナムに進出している。",
    "両者は農業、観光、人材育成の分野で協力を強化することで合意した。",
]
# Sentences with no locality, person or figure: real articles are mostly made of these
# (the five shared seeds average ~3.2 locality mentions per 1,000 characters of main text;
# pages made only of the templates above have ~16).
VI_PLAIN = [
    "Hai bên nhất trí sẽ tiếp tục trao đổi thông tin thường xuyên để triển khai các nội dung đã thống nhất.",
    "Theo lãnh đạo địa phương, đây là bước đi cụ thể nhằm cải thiện môi trường kinh doanh trong giai đoạn mới.",
    "Các đại biểu đánh giá cao tinh thần cầu thị và sự chuẩn bị chu đáo của ban tổ chức.",
    "Buổi làm việc diễn ra trong không khí cởi mở, thẳng thắn và hiệu quả.",
    "Nhiều ý kiến cho rằng cần có cơ chế phối hợp rõ ràng hơn giữa các sở, ngành liên quan.",
]
EN_PLAIN = [
    "Both sides agreed to keep exchanging information regularly to carry out what had been discussed.",
    "Officials said the step was meant to improve the business climate over the coming years.",
    "Participants praised the preparation of the organisers and the open tone of the discussions.",
    "Several speakers called for clearer coordination between the agencies involved.",
]
SV_PLAIN = [
    "Båda sidor enades om att regelbundet utbyta information för att genomföra det som diskuterats.",
    "Deltagarna uppskattade arrangörernas förberedelser och den öppna tonen i samtalen.",
    "Flera talare efterlyste tydligare samordning mellan de berörda myndigheterna.",
]
JA_PLAIN = [
    "双方は今後も定期的に情報を交換し、合意した内容を着実に進めることを確認した。",
    "参加者からは、関係機関の間でより明確な連携の仕組みが必要だとの意見が出た。",
]
PLAIN = {"vi": VI_PLAIN, "en": EN_PLAIN, "sv": SV_PLAIN, "ja": JA_PLAIN}

BOILERPLATE = [
    "Trang chủ", "Thời sự", "Thế giới", "Kinh tế", "Tin bài liên quan", "Đọc nhiều",
    "[Video] Lễ hội mùa xuân tại {vn} thu hút du khách", "[Infographic] {n} điểm nhấn kinh tế năm 2025",
    "Related news", "Most read", "I samma ämne", "関連記事", "Copy link", "Return to top",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def _fill(template: str, rng: random.Random) -> str:
    m = rng.randint(1, 12)
    return template.format(d=rng.randint(1, 28), m=m, month=MONTHS[m - 1], vn=rng.choice(VN), jp=rng.choice(JP),
                           p=rng.choice(PEOPLE), jpp=rng.choice(JP_PEOPLE), n=rng.randint(2, 90),
                           x=rng.randint(5, 900), k=rng.randint(1, 20), k2=rng.randint(1, 9))


def page(rng: random.Random, size: int = 5000, density: float = 0.35) -> str:
    """One flattened news page: a few menu lines, a dateline, a body, a related-news block.

    `density` is the share of body sentences drawn from the entity-laden templates (the rest
    are plain sentences): 0.35 gives the locality density of the five shared real articles
    (~3.2 mentions per 1,000 characters of main text),
    1.0 a stress test where every sentence names localities, people and figures."""
    lang = rng.choices(["vi", "en", "sv", "ja"], weights=[5, 2, 2, 1])[0]
    body = {"vi": VI_BODY, "en": EN_BODY, "sv": SV_BODY, "ja": JA_BODY}[lang]
    lines = [_fill(rng.choice(BOILERPLATE[:4]), rng) for _ in range(3)]
    lines.append(f"Thứ Ba, {rng.randint(1, 28)}/{rng.randint(1, 12)}/2025 15:50")
    lines.append(_fill(rng.choice(body), rng))
    text_len = sum(len(x) for x in lines)
    paragraph: list[str] = []
    while text_len < size * 0.85:
        sentence = _fill(rng.choice(body), rng) if rng.random() < density else rng.choice(PLAIN[lang])
        paragraph.append(sentence)
        text_len += len(sentence) + 1
        if len(paragraph) >= 3:
            lines.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        lines.append(" ".join(paragraph))
    lines.append(BOILERPLATE[4] if lang == "vi" else rng.choice(BOILERPLATE[8:12]))
    while text_len < size:
        teaser = _fill(rng.choice(BOILERPLATE[6:8]), rng)
        lines.append(teaser)
        text_len += len(teaser)
    return "\n".join(lines)


def pages(count: int, seed: int = 7, size: int = 5000, density: float = 0.35) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        yield page(rng, size, density)
