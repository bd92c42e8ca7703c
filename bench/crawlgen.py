"""A generator of crawl-like web pages (CC-News style) for the prefilter's precision test and the
scale benchmark: mostly pages about anything but Vietnam–Japan cooperation, a few that are.

Every sentence is written for kizuna (never taken from an article). Pages are full HTML as a
crawler stores them: a head with scripts and styles, a menu, the article, a sidebar of other
headlines, a footer; 20–80 KB each, like news pages. Kinds:

- "relevant": a page about Vietnam–Japan local cooperation (bench/corpus.py's sentences);
- "other": two other countries (Thailand and Brazil, Korea and France...);
- "vn_only": Vietnam and its provinces with another country, never Japan;
- "jp_only": Japan and its prefectures with another country, never Vietnam.

Deterministic for a seed; pages are yielded one by one.
"""
from __future__ import annotations

import io
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from corpus import page as cooperation_page

KINDS = ("other", "vn_only", "jp_only")
LANG_WEIGHTS = {"en": 40, "es": 10, "fr": 8, "de": 8, "ru": 5, "zh": 5, "ja": 8, "ko": 4, "vi": 6, "id": 6}

# Country and city names as each language writes them (common usage).
COUNTRIES = {
    "en": {"VN": "Vietnam", "JP": "Japan", "other": ["Thailand", "South Korea", "China", "France", "Brazil",
                                                      "Germany", "the United States", "India", "Kenya", "Mexico"]},
    "es": {"VN": "Vietnam", "JP": "Japón", "other": ["Tailandia", "Corea del Sur", "China", "Francia", "Brasil",
                                                      "Alemania", "Estados Unidos", "India", "Chile", "México"]},
    "fr": {"VN": "Vietnam", "JP": "Japon", "other": ["Thaïlande", "Corée du Sud", "Chine", "Belgique", "Brésil",
                                                      "Allemagne", "États-Unis", "Inde", "Maroc", "Canada"]},
    "de": {"VN": "Vietnam", "JP": "Japan", "other": ["Thailand", "Südkorea", "China", "Frankreich", "Brasilien",
                                                      "Österreich", "die USA", "Indien", "Polen", "Kanada"]},
    "ru": {"VN": "Вьетнам", "JP": "Япония", "other": ["Таиланд", "Южная Корея", "Китай", "Франция", "Бразилия",
                                                       "Германия", "США", "Индия", "Казахстан", "Турция"]},
    "zh": {"VN": "越南", "JP": "日本", "other": ["泰国", "韩国", "美国", "法国", "巴西", "德国", "印度", "新加坡"]},
    "ja": {"VN": "ベトナム", "JP": "日本", "other": ["タイ", "韓国", "中国", "フランス", "ブラジル", "ドイツ",
                                                   "米国", "インド", "ケニア", "メキシコ"]},
    "ko": {"VN": "베트남", "JP": "일본", "other": ["태국", "중국", "프랑스", "브라질", "독일", "미국", "인도"]},
    "vi": {"VN": "Việt Nam", "JP": "Nhật Bản", "other": ["Thái Lan", "Hàn Quốc", "Trung Quốc", "Pháp", "Brazil",
                                                         "Đức", "Hoa Kỳ", "Ấn Độ", "Lào", "Campuchia"]},
    "id": {"VN": "Vietnam", "JP": "Jepang", "other": ["Thailand", "Korea Selatan", "Tiongkok", "Prancis", "Brasil",
                                                       "Jerman", "Amerika Serikat", "India", "Malaysia"]},
}
CITIES = {
    "latin": {"VN": ["Ha Noi", "Da Nang", "Quang Ninh", "Can Tho", "Binh Duong", "Hai Phong", "Khanh Hoa"],
              "JP": ["Osaka", "Hokkaido", "Fukuoka", "Aichi", "Kyoto", "Hiroshima", "Okinawa"],
              "other": ["Bangkok", "Seoul", "Lyon", "São Paulo", "Munich", "Chicago", "Mumbai", "Nairobi",
                        "Monterrey", "Busan", "Marseille", "Porto Alegre"]},
    "vi": {"VN": ["Hà Nội", "Đà Nẵng", "Quảng Ninh", "Cần Thơ", "Bình Dương", "Hải Phòng", "Khánh Hòa"]},
    "ru": {"VN": ["Ханой", "Дананг"], "JP": ["Осака", "Хоккайдо", "Киото"],
           "other": ["Бангкок", "Сеул", "Лион", "Мюнхен", "Алматы"]},
    "zh": {"VN": ["河内", "岘港"], "JP": ["大阪", "北海道", "京都"], "other": ["曼谷", "首尔", "里昂", "慕尼黑"]},
    "ja": {"VN": ["ハノイ", "ダナン", "ホーチミン"], "JP": ["大阪府", "北海道", "福岡県", "愛知県"],
           "other": ["バンコク", "ソウル", "リヨン", "ミュンヘン", "シカゴ"]},
    "ko": {"VN": ["하노이", "다낭"], "JP": ["오사카", "홋카이도", "교토"], "other": ["방콕", "서울", "부산", "리옹"]},
}

# Sentences of general news: {a} and {b} are countries, {x} a city, {n} a number.
SENTENCES = {
    "en": ["Trade between {a} and {b} grew by {n} percent last year, the ministry said on Tuesday.",
           "Officials in {x} announced a new metro line that will open in {n} stations next spring.",
           "The central bank of {a} kept its key rate unchanged, citing steady inflation.",
           "Fans in {x} celebrated late into the night after the team's victory.",
           "A delegation from {b} toured the new port and met local business leaders.",
           "Heavy rain caused flooding in several districts, and schools stayed closed for {n} days.",
           "Analysts expect the merger to be approved by regulators before the end of the quarter."],
    "es": ["El comercio entre {a} y {b} creció un {n} por ciento el año pasado, según el ministerio.",
           "Las autoridades de {x} anunciaron una nueva línea de metro con {n} estaciones.",
           "El banco central de {a} mantuvo sin cambios su tasa de interés.",
           "Una delegación de {b} visitó el nuevo puerto y se reunió con empresarios locales.",
           "Las lluvias provocaron inundaciones y las escuelas cerraron durante {n} días."],
    "fr": ["Les échanges entre la {a} et la {b} ont progressé de {n} % l'an dernier, selon le ministère.",
           "La mairie de {x} a présenté une nouvelle ligne de tramway de {n} stations.",
           "La banque centrale a maintenu son taux directeur, invoquant une inflation stable.",
           "Une délégation venue de {b} a visité le port et rencontré des chefs d'entreprise.",
           "De fortes pluies ont provoqué des inondations et les écoles sont restées fermées {n} jours."],
    "de": ["Der Handel zwischen {a} und {b} wuchs im vergangenen Jahr um {n} Prozent.",
           "Die Stadt {x} kündigte eine neue U-Bahn-Linie mit {n} Stationen an.",
           "Die Zentralbank ließ den Leitzins unverändert und verwies auf die stabile Inflation.",
           "Eine Delegation aus {b} besichtigte den neuen Hafen und traf Unternehmer.",
           "Starker Regen führte zu Überschwemmungen, die Schulen blieben {n} Tage geschlossen."],
    "ru": ["Товарооборот между странами {a} и {b} вырос на {n} процентов, сообщило министерство.",
           "Власти города {x} объявили о строительстве новой линии метро из {n} станций.",
           "Центральный банк сохранил ключевую ставку без изменений.",
           "Делегация из страны {b} посетила новый порт и встретилась с предпринимателями."],
    "zh": ["据商务部介绍，{a}与{b}的双边贸易额去年增长{n}%。", "{x}市政府宣布将新建一条有{n}个车站的地铁线路。",
           "央行维持基准利率不变，称通胀保持稳定。", "来自{b}的代表团参观了新港口并会见了当地企业家。"],
    "ja": ["{a}と{b}の貿易額は昨年{n}％増えたと同省が発表した。", "{x}は{n}駅からなる新しい地下鉄路線を発表した。",
           "中央銀行は政策金利を据え置き、物価は安定していると説明した。",
           "{b}からの代表団が新しい港を視察し、地元の経営者と意見を交わした。",
           "大雨で各地が浸水し、学校は{n}日間休校となった。"],
    "ko": ["{a}와 {b}의 교역액이 지난해 {n}% 늘었다고 정부가 밝혔다.", "{x}시는 {n}개 역으로 이뤄진 새 지하철 노선을 발표했다.",
           "중앙은행은 기준금리를 동결했다.", "{b} 대표단이 새 항만을 둘러보고 기업인들과 만났다."],
    "vi": ["Kim ngạch thương mại giữa {a} và {b} năm ngoái tăng {n}%, theo Bộ Công Thương.",
           "Chính quyền {x} công bố tuyến metro mới gồm {n} nhà ga.",
           "Ngân hàng Nhà nước giữ nguyên lãi suất điều hành trong bối cảnh lạm phát ổn định.",
           "Đoàn đại biểu {b} đã tham quan cảng mới và gặp gỡ doanh nghiệp địa phương.",
           "Mưa lớn gây ngập úng nhiều nơi, học sinh phải nghỉ học {n} ngày."],
    "id": ["Perdagangan antara {a} dan {b} tumbuh {n} persen tahun lalu, kata kementerian.",
           "Pemerintah {x} mengumumkan jalur kereta baru dengan {n} stasiun.",
           "Bank sentral mempertahankan suku bunga acuannya.",
           "Delegasi dari {b} meninjau pelabuhan baru dan bertemu para pengusaha."],
}
MENU = ["Home", "World", "Business", "Sport", "Culture", "Opinion", "Video", "Weather", "Login", "Subscribe"]


@dataclass(frozen=True, slots=True)
class CrawlPage:
    uri: str
    html: str
    kind: str   # "relevant", "other", "vn_only", "jp_only"
    lang: str


def _script(rng: random.Random, size: int) -> str:
    """Minified-looking JavaScript: what most of a real page's bytes are."""
    words = ["function", "var", "return", "window", "document", "push", "dataLayer", "config", "ads", "slot",
             "track", "event", "null", "true", "length", "prototype", "callback", "cookie", "consent"]
    out, n = [], 0
    while n < size:
        token = rng.choice(words) + "_" + format(rng.getrandbits(24), "x")
        out.append(token)
        n += len(token) + 1
    return "(function(){" + ";".join(out) + "})();"


def _names(lang: str, kind: str, rng: random.Random) -> tuple[str, str, str]:
    """Two countries and a city for a page of `kind` in `lang` (never both Vietnam and Japan)."""
    table = COUNTRIES[lang]
    cities = CITIES.get(lang, CITIES["latin"])
    other = rng.choice(table["other"])
    if kind == "vn_only":
        return table["VN"], other, rng.choice(cities.get("VN", CITIES["latin"]["VN"]))
    if kind == "jp_only":
        return table["JP"], other, rng.choice(cities.get("JP", CITIES["latin"]["JP"]))
    return other, rng.choice([c for c in table["other"] if c != other]), rng.choice(
        cities.get("other", CITIES["latin"]["other"]))


def _article(rng: random.Random, lang: str, kind: str, size: int) -> str:
    a, b, x = _names(lang, kind, rng)
    paragraphs, n = [], 0
    while n < size:
        sentences = [rng.choice(SENTENCES[lang]).format(a=a, b=b, x=x, n=rng.randint(2, 90)) for _ in range(3)]
        paragraph = " ".join(sentences)
        paragraphs.append(f"<p>{paragraph}</p>")
        n += len(paragraph)
    return "\n".join(paragraphs)


CROSS_SIDEBAR = 0.03   # pages whose sidebar has a headline about the other country (kept: names both)


def _html(rng: random.Random, title: str, article: str, lang: str, kind: str = "other") -> str:
    menu = "".join(f'<li><a href="/{m.lower()}">{m}</a></li>' for m in MENU)
    sidebar_lang = lang if lang in SENTENCES else "en"
    headlines = [_headline(rng, sidebar_lang) for _ in range(8)]
    if kind in ("vn_only", "jp_only") and rng.random() < CROSS_SIDEBAR:
        headlines[3] = _headline(rng, sidebar_lang, "jp_only" if kind == "vn_only" else "vn_only")
    sidebar = "".join(f'<li><a href="/news/{rng.getrandbits(32)}">{h}</a></li>' for h in headlines)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
            f'<style>body{{font-family:sans-serif}}.nav li{{display:inline}}</style>'
            f'<script>{_script(rng, rng.randint(15_000, 60_000))}</script></head>'
            f'<body><nav class="nav"><ul>{menu}</ul></nav><main><article><h1>{title}</h1>\n{article}\n'
            f'</article></main><aside><h2>Most read</h2><ul>{sidebar}</ul></aside>'
            f'<footer>© {rng.randint(2010, 2026)} Example Media. All rights reserved.</footer>'
            f'<script>{_script(rng, rng.randint(2_000, 8_000))}</script></body></html>')


def _headline(rng: random.Random, lang: str, kind: str = "other") -> str:
    """A sidebar headline about two other countries (or, for `kind`, about one of Vietnam and Japan)."""
    a, b, x = _names(lang, kind, rng)
    return rng.choice(SENTENCES[lang]).format(a=a, b=b, x=x, n=rng.randint(2, 90))[:90]


def crawl_pages(count: int, relevant_share: float = 0.01, seed: int = 13) -> Iterator[CrawlPage]:
    """`count` pages, about `relevant_share` of them relevant (spread evenly, at fixed positions)."""
    rng = random.Random(seed)
    every = round(1 / relevant_share) if relevant_share > 0 else 0
    langs, weights = list(LANG_WEIGHTS), list(LANG_WEIGHTS.values())
    for number in range(count):
        if every and number % every == every // 2:
            text = cooperation_page(rng, size=rng.randint(3_000, 8_000))
            title, _, body = text.partition("\n")
            article = "\n".join(f"<p>{line}</p>" for line in body.split("\n"))
            yield CrawlPage(f"https://news.example/{number}", _html(rng, title, article, "vi"), "relevant", "vi")
            continue
        kind = rng.choice(KINDS)
        lang = rng.choices(langs, weights)[0]
        article = _article(rng, lang, kind, rng.randint(2_000, 8_000))
        title = _headline(rng, lang) if kind == "other" else article[3:60]
        yield CrawlPage(f"https://news.example/{number}", _html(rng, title, article, lang, kind), kind, lang)


def write_warc(path: Path, pages: Iterable[CrawlPage]) -> int:
    """Write `pages` as HTTP response records of a gzipped WARC (warcio's writer); their count."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    written = 0
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        for p in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(p.uri, "response", payload=io.BytesIO(
                p.html.encode("utf-8")), http_headers=headers))
            written += 1
    return written
