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


def page(rng: random.Random, size: int = 5000) -> str:
    """One flattened news page: a few menu lines, a dateline, a body, a related-news block."""
    lang = rng.choices(["vi", "en", "sv", "ja"], weights=[5, 2, 2, 1])[0]
    body = {"vi": VI_BODY, "en": EN_BODY, "sv": SV_BODY, "ja": JA_BODY}[lang]
    lines = [_fill(rng.choice(BOILERPLATE[:4]), rng) for _ in range(3)]
    lines.append(f"Thứ Ba, {rng.randint(1, 28)}/{rng.randint(1, 12)}/2025 15:50")
    lines.append(_fill(rng.choice(body), rng))
    text_len = sum(len(x) for x in lines)
    paragraph: list[str] = []
    while text_len < size * 0.85:
        sentence = _fill(rng.choice(body), rng)
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


def pages(count: int, seed: int = 7, size: int = 5000) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        yield page(rng, size)
