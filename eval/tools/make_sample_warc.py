"""Write kizuna/samples/pages_ibaraki_aichi.warc.gz: two HTML responses (Japanese, English).

The pages are written for kizuna (illustrative news, see kizuna/samples/README.md). Run from the
repository root:  .venv/bin/python eval/tools/make_sample_warc.py
The output is committed; rerun only when the pages below change.
"""
from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).resolve().parents[2] / "kizuna" / "samples" / "pages_ibaraki_aichi.warc.gz"

IBARAKI_JA = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8">
<title>ベトナム・ロンアン省の農業研修団が来県｜茨城県</title>
<meta property="article:published_time" content="2025-02-14T09:00:00+09:00">
</head><body>
<header><nav><a href="/">ホーム</a> | <a href="/kurashi">くらし</a> | <a href="/sangyo">しごと・産業</a> | <a href="/kanko">観光</a></nav>
<p class="breadcrumb">ホーム &gt; 農林水産部 &gt; お知らせ</p></header>
<main><article>
<h1>ベトナム・ロンアン省の農業研修団が来県</h1>
<p><time datetime="2025-02-14">令和7年2月14日</time>　農林水産部</p>
<p>ベトナム南部のロンアン省から農業関係者12人の研修団が2月10日から13日まで本県を訪れ、県内のメロン農家やJA施設で高品質な果物の栽培技術と選果の仕組みを学びました。</p>
<p>12日には県庁で大井川和彦知事を表敬訪問し、知事は「ロンアン省との農業交流を、若い担い手の育成と県産品の輸出拡大につなげたい」と述べました。本県とロンアン省は2023年に友好交流に関する共同声明を締結しており、これまでに延べ40人の研修生を受け入れています。</p>
<p>研修団は今後、ロンアン省内にスマート農業の実証圃場を設ける計画で、県は技術者の派遣を検討しています。</p>
</article></main>
<aside><h3>新着情報</h3><ul><li><a href="/n1">県産さつまいもの輸出が過去最高に</a></li><li><a href="/n2">栃木県との合同観光キャンペーンを開始</a></li></ul></aside>
<footer><p>茨城県庁　〒310-8555 水戸市笠原町978番6</p><p>&copy; Ibaraki Prefectural Government</p></footer>
</body></html>
"""

NGHEAN_EN = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Nghe An pitches industrial parks to Aichi manufacturers | Vietnam Economic Times</title>
<meta property="article:published_time" content="2025-07-22T16:20:00+07:00">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/economy">Economy</a></li><li><a href="/provinces">Provinces</a></li><li><a href="/world">World</a></li></ul></nav></header>
<main><article>
<h1>Nghe An pitches industrial parks to Aichi manufacturers</h1>
<p class="meta">Economy &middot; <time datetime="2025-07-22T16:20:00+07:00">July 22, 2025</time></p>
<p>Nghe An province held an investment promotion conference in Nagoya, the capital of Aichi Prefecture, on July 21, hoping to draw Japanese auto-parts and electronics suppliers to the north-central province.</p>
<p>The provincial delegation told about 80 Japanese firms that its coastal industrial zones near Vinh had ready land, a deep-water port at Cua Lo and a young workforce. Nghe An currently hosts 21 Japanese projects with registered capital of around $460 million, officials said.</p>
<p>Representatives of the Aichi Prefectural Government said the prefecture would consider sending a business mission to Nghe An next year and suggested cooperation in vocational training for welders and mechanics. Many workers from Nghe An already work in Aichi factories as technical intern trainees.</p>
<p>Japanese companies at the conference asked about power supply, housing for engineers and the time needed to obtain investment certificates. Provincial officials promised a one-stop service desk for Japanese investors by the end of the year.</p>
<p>The two sides did not sign any agreement but said they would explore a memorandum on human resources cooperation.</p>
</article></main>
<aside class="related"><h3>Read more</h3><ul><li><a href="/r1">Thanh Hoa refinery output rises</a></li><li><a href="/r2">Osaka Expo draws Vietnamese visitors</a></li><li><a href="/r3">Ha Tinh steel exports climb</a></li></ul></aside>
<footer><p>&copy; 2025 Vietnam Economic Times (sample page written for kizuna)</p></footer>
</body></html>
"""

PAGES = [
    ("https://www.pref.example.jp/nourin/longan-kenshu-2025.html", IBARAKI_JA),
    ("https://vneconomictimes.example.com/nghe-an-aichi-investment.html", NGHEAN_EN),
]


def write_warc(path: Path) -> None:
    """One WARC response record per page, gzip-compressed record by record."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, html in PAGES:
            body = html.encode("utf-8")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                  ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers)
            writer.write_record(record)


if __name__ == "__main__":
    write_warc(OUT)
