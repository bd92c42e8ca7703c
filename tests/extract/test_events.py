"""Events: trigger words per language, dates, places, merging, and what is not this article's event."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizuna.extract.events import extract_events
from kizuna.gazetteer import load as load_gazetteer
from kizuna.link import link
from kizuna.model import EVENT_TYPES, Context, Event
from kizuna.text import sentences

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
DATA = Path(__file__).resolve().parents[2] / "kizuna" / "extract" / "data"


def context(text: str, lang: str, published: str | None = "2024-06-20") -> Context:
    return Context(text=text, lang=lang, published=published,
                   mentions=tuple(link(text, load_gazetteer())), sentences=tuple(sentences(text)))


def keys(events: list[Event]) -> set[tuple[str, str | None]]:
    return {(e.type, e.date) for e in events}


def assert_spans_inside(events: list[Event], text: str) -> None:
    for event in events:
        assert event.evidence
        for span in event.evidence:
            assert 0 <= span.start < span.end <= len(text)


# One dated sentence per language and type family; every data file gets a positive case.
@pytest.mark.parametrize("lang, text, expected", [
    ("vi", "Ngày 14/6, tại tỉnh Bắc Ninh, Chủ tịch tỉnh đã tiếp đoàn doanh nghiệp tỉnh Nagano.",
     {("reception", "2024-06-14")}),
    ("vi", "Sáng 14/6, tỉnh Nghệ An tổ chức hội thảo về nguồn nhân lực với các đối tác Nhật Bản.",
     {("workshop", "2024-06-14")}),
    ("vi", "Ngày 14/6, hai tỉnh đã ký kết biên bản ghi nhớ về hợp tác nông nghiệp.",
     {("signing", "2024-06-14")}),
    # the travellers' courtesy call is a visit (contract: "called on", 表敬訪問); the hosts' side a reception
    ("en", "On 14 June, the governor of Nagano Prefecture paid a courtesy call on leaders of Bac Ninh.",
     {("visit", "2024-06-14")}),
    ("en", "On 14 June, leaders of Bac Ninh received the governor of Nagano Prefecture.",
     {("reception", "2024-06-14")}),
    ("en", "A workshop on rice farming took place in Can Tho on 14 June.", {("workshop", "2024-06-14")}),
    ("ja", "2024年6月14日、長野県知事はバクニン省を訪問した。", {("visit", "2024-06-14")}),
    ("ja", "6月14日、長野県で投資促進セミナーを開いた。", {("investment_promotion", "2024-06-14")}),
    ("sv", "Den 14 juni tog ordföranden emot en delegation från Nagano-prefekturen.", {("reception", "2024-06-14")}),
    ("fr", "Le 14 juin, un forum sur l'agriculture s'est tenu à Hanoï.", {("forum", "2024-06-14")}),
    ("de", "Am 14. Juni fand in Hanoi ein Forum zur Landwirtschaft statt.", {("forum", "2024-06-14")}),
    ("es", "El 14 de junio se celebró un foro sobre agricultura en Hanói.", {("forum", "2024-06-14")}),
    ("pt", "Em 14 de junho, realizou-se um fórum sobre agricultura em Hanói.", {("forum", "2024-06-14")}),
    ("id", "Pada 14 Juni, sebuah forum pertanian diadakan di Hanoi.", {("forum", "2024-06-14")}),
    ("ru", "14 июня в Ханое прошёл форум по сельскому хозяйству.", {("forum", "2024-06-14")}),
    ("zh", "6月14日，农业论坛在河内举行。", {("forum", "2024-06-14")}),
    ("ko", "6월 14일 하노이에서 농업 포럼이 열렸다.", {("forum", "2024-06-14")}),
    # openings of a centre, groundbreakings: ceremonies (other)
    ("ja", "6月14日、ビンディン省で研修センターの開所式が行われた。", {("other", "2024-06-14")}),
    ("ko", "6월 14일 빈딘성에서 연수센터 개소식이 열렸다.", {("other", "2024-06-14")}),
    ("vi", "Ngày 14/6, tỉnh Bình Định tổ chức lễ động thổ nhà máy.", {("other", "2024-06-14")}),
    # an exhibition or expo is 'other' in every language (contract), a fair is trade promotion
    # (as "hội chợ" and "trade fair"): one concept, one type, whatever the language
    ("ru", "14 июня в Ханое открылась выставка японских товаров.", {("other", "2024-06-14")}),
    ("ko", "6월 14일 하노이에서 일본 박람회가 열렸다.", {("other", "2024-06-14")}),
    ("zh", "6月14日，日本博览会在河内举行。", {("other", "2024-06-14")}),
    ("id", "Pada 14 Juni, sebuah pameran produk Jepang diadakan di Hanoi.", {("other", "2024-06-14")}),
    ("es", "El 14 de junio se celebró una feria de productos japoneses en Hanói.",
     {("investment_promotion", "2024-06-14")}),
    ("pt", "Em 14 de junho, realizou-se uma feira de produtos japoneses em Hanói.",
     {("investment_promotion", "2024-06-14")}),
    ("de", "Am 14. Juni fand in Hanoi eine Messe für japanische Produkte statt.",
     {("investment_promotion", "2024-06-14")}),
    ("ko", "6월 14일 하노이에서 일본 기업과의 상담회가 열렸다.", {("investment_promotion", "2024-06-14")}),
    ("ru", "14 июня в Ханое прошёл инвестиционный форум с японскими компаниями.",
     {("investment_promotion", "2024-06-14")}),
    # a host's welcome is a reception in every language, as "welcomed", 歓迎, 欢迎, 환영
    ("de", "Am 14. Juni begrüßte der Vorsitzende der Provinz Bac Ninh die Delegation der Präfektur Nagano.",
     {("reception", "2024-06-14")}),
    ("ru", "14 июня председатель провинции Бакнинь приветствовал делегацию префектуры Нагано.",
     {("reception", "2024-06-14")}),
    ("es", "El 14 de junio, el presidente de Bac Ninh dio la bienvenida a la delegación de Nagano.",
     {("reception", "2024-06-14")}),
])
def test_dated_trigger_makes_one_event(lang: str, text: str, expected: set[tuple[str, str]]) -> None:
    events = extract_events(context(text, lang))
    assert keys(events) == expected
    assert_spans_inside(events, text)


@pytest.mark.parametrize("lang, text", [
    ("vi", "Ngày 14/6, giá lúa tại tỉnh An Giang tăng nhẹ so với tuần trước."),
    ("en", "On 14 June, rice prices in An Giang rose slightly."),
    ("ja", "6月14日、米の価格がわずかに上がった。"),
    ("sv", "Den 14 juni steg rispriserna något."),
    ("fr", "Le 14 juin, les prix du riz ont légèrement augmenté."),
    ("de", "Am 14. Juni stiegen die Reispreise leicht."),
    ("es", "El 14 de junio, los precios del arroz subieron un poco."),
    ("pt", "Em 14 de junho, os preços do arroz subiram um pouco."),
    ("id", "Pada 14 Juni, harga beras naik sedikit."),
    ("ru", "14 июня цены на рис немного выросли."),
    ("zh", "6月14日，大米价格小幅上涨。"),
    ("ko", "6월 14일 쌀 가격이 소폭 올랐다."),
])
def test_no_trigger_no_event(lang: str, text: str) -> None:
    assert extract_events(context(text, lang)) == []


@pytest.mark.parametrize("lang, text", [
    ("vi", "Ngày 14/6, tỉnh đã tiếp tục mời gọi doanh nghiệp Nhật Bản đầu tư."),
    ("vi", "Ngày 14/6, tỉnh đã tiếp nhận 200 thực tập sinh trở về."),
    ("en", "On 14 June, the province received investment worth 20 million USD."),
    ("ru", "14 июня губернатор принял участие в открытии завода."),
    ("ru", "14 июня в городе открылось пространство для встреч молодёжи двух стран."),
])
def test_phrases_that_only_look_like_triggers(lang: str, text: str) -> None:
    assert extract_events(context(text, lang)) == []


def test_range_and_later_undated_mention_are_one_event() -> None:
    text = ("Ngày 14/6, tại tỉnh Bắc Ninh, Bộ trưởng đã tiếp Thống đốc tỉnh Nagano nhân dịp dự Diễn đàn "
            "hợp tác địa phương tổ chức từ ngày 13-14/6.\n\n"
            "Phát biểu tại Diễn đàn, Thống đốc cảm ơn sự đón tiếp chu đáo của tỉnh bạn.")
    events = extract_events(context(text, "vi"))
    assert keys(events) == {("reception", "2024-06-14"), ("forum", "2024-06-13")}
    forum = next(e for e in events if e.type == "forum")
    assert forum.end == "2024-06-14"
    assert len(forum.evidence) == 2
    assert forum.place == "Bắc Ninh"


def test_caption_future_and_background_make_no_event() -> None:
    text = ("Sáng 14/6, đoàn công tác tỉnh Hải Dương đã thăm và làm việc tại tỉnh Nagano.\n\n"
            "Lãnh đạo hai tỉnh tại lễ ký kết thỏa thuận hợp tác trước đây. (Ảnh: Báo tỉnh)\n\n"
            "Hai bên sẽ ký kết thỏa thuận mới vào ngày 20/6.\n\n"
            "Trước đó, hai tỉnh từng tổ chức hội thảo về du lịch.")
    events = extract_events(context(text, "vi"))
    assert keys(events) == {("visit", "2024-06-14")}
    assert events[0].place == "Nagano"


def test_undated_event_only_from_the_lead() -> None:
    text = ("Tại buổi họp mặt, lãnh đạo tỉnh Hưng Yên chúc mừng các chuyên gia Nhật Bản.\n\n"
            "Năm ngoái tỉnh cũng có một buổi họp mặt tương tự với doanh nghiệp.")
    events = extract_events(context(text, "vi", published=None))
    # the later mention is background: it makes no event (it may only add evidence)
    assert keys(events) == {("other", None)}
    assert events[0].evidence[0].start == 0


def test_undated_events_of_an_article_that_dates_none() -> None:
    # a page whose lead is lost (a menu, an app banner) and that dates nothing: the undated
    # activities it tells are still its news (contract: an undated event is still listed)
    text = ("Tải ứng dụng\n\n"
            "Thống đốc tỉnh Kanagawa cho biết trong chuyến công tác này ông đã ký biên bản ghi nhớ "
            "với tỉnh Bình Định và dự lễ hội văn hóa tại Đà Nẵng.")
    assert keys(extract_events(context(text, "vi", published=None))) == {("visit", None), ("signing", None),
                                                                    ("other", None)}
    # a heading or a sentence with a year it could not be dated by tells no news of the article
    headed = ("Tỉnh Nagano nằm ở miền trung Nhật Bản.\n\nLễ hội nổi tiếng của tỉnh Nagano\n\n"
              "Hai tỉnh Nagano và Lâm Đồng đã ký biên bản ghi nhớ năm 2016.")
    assert extract_events(context(headed, "vi", published=None)) == []
    # one dated event is the article's news: the undated mentions outside the lead only support it
    dated = "Sáng 12/3, Chủ tịch UBND tỉnh Bình Định tiếp đoàn tỉnh Kanagawa.\n\n" + text
    assert keys(extract_events(context(dated, "vi", published="2024-03-14"))) == {("reception", "2024-03-12")}


def test_dated_event_survives_a_future_clause() -> None:
    text = "Ngày 14/6, Chủ tịch tỉnh Hưng Yên đã tiếp Thống đốc tỉnh Nagano, hai bên sẽ lập nhóm công tác chung."
    assert keys(extract_events(context(text, "vi"))) == {("reception", "2024-06-14")}
    # an event the article announces with its planned day is an event (contract); a vague plan is not
    announced = "Hai tỉnh sẽ tổ chức hội thảo về nông nghiệp vào ngày 30/6."
    assert keys(extract_events(context(announced, "vi", "2024-06-15"))) == {("workshop", "2024-06-30")}
    planned = "Hai tỉnh sẽ tổ chức hội thảo về nông nghiệp trong thời gian tới."
    assert extract_events(context(planned, "vi", "2024-06-15")) == []


def test_reception_of_a_delegation_is_one_event() -> None:
    text = ("Hanoi (VNA) - The chairman of Nghe An received a business delegation from Fukuoka Prefecture "
            "in his office on October 8.")
    events = extract_events(context(text, "en", published="2024-10-09"))
    assert keys(events) == {("reception", "2024-10-08")}


def test_date_of_the_sentence_before_in_the_same_paragraph() -> None:
    text = ("Sáng 14/6, lãnh đạo tỉnh Hưng Yên làm việc với tỉnh Nagano. "
            "Sau đó hai bên đã ký kết biên bản ghi nhớ về đào tạo.\n\n"
            "Các doanh nghiệp cũng ký kết nhiều hợp đồng.")
    events = extract_events(context(text, "vi"))
    assert ("signing", "2024-06-14") in keys(events)
    assert all(e.date is not None for e in events)


def test_background_year_in_the_lead_makes_no_event() -> None:
    text = ("Hai tỉnh Hưng Yên và Nagano đã ký kết thỏa thuận hợp tác năm 2019 và nay mở rộng sang y tế.\n\n"
            "Lãnh đạo hai tỉnh trao đổi qua trực tuyến về kế hoạch chung.")
    assert extract_events(context(text, "vi", published="2024-06-20")) == []


def test_partial_dates_without_publication() -> None:
    text = "Ngày 7/10, tại thành phố Đà Lạt, tỉnh Lâm Đồng tổ chức tọa đàm với doanh nghiệp Nhật Bản."
    events = extract_events(context(text, "vi", published=None))
    assert keys(events) == {("workshop", "--10-07")}
    assert events[0].place == "Đà Lạt"


def test_embassy_is_not_the_place() -> None:
    text = ("Ngày 14/6, Đại sứ quán Việt Nam tại Nhật Bản phối hợp tổ chức chương trình xúc tiến đầu tư "
            "ở Osaka cho các doanh nghiệp.")
    (event,) = extract_events(context(text, "vi"))
    assert (event.type, event.date, event.place) == ("investment_promotion", "2024-06-14", "Osaka")


def test_country_is_the_place_when_nothing_finer_is_named() -> None:
    text = "Đoàn công tác tỉnh Thái Bình đã thăm và làm việc tại Nhật Bản từ ngày 10-6 đến ngày 15-6."
    (event,) = extract_events(context(text, "vi"))
    assert (event.type, event.date, event.end, event.place) == ("visit", "2024-06-10", "2024-06-15", "Japan")


def test_japanese_place_before_postposition() -> None:
    text = "2024年6月14日、群馬県でベトナムとのフォーラムが開かれた。"
    (event,) = extract_events(context(text, "ja"))
    assert (event.type, event.place) == ("forum", "Gunma")


def test_english_place_after_city_word() -> None:
    text = "On 14 June, a seminar on tourism was held in the city of Hoi An by the two partners."
    (event,) = extract_events(context(text, "en"))
    assert (event.type, event.date, event.place) == ("workshop", "2024-06-14", "Hội An")


def test_empty_and_unknown_language() -> None:
    assert extract_events(context("", "und")) == []
    events = extract_events(context("On 14 June a forum was held in Hanoi.", "und"))
    assert keys(events) == {("forum", "2024-06-14")}


def test_every_events_file_is_well_formed() -> None:
    for path in sorted(DATA.glob("events.*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["_source"], path
        assert set(data["triggers"]) <= set(EVENT_TYPES), path
        for key in ("place_words", "place_heads", "future", "caption", "offices", "not_triggers"):
            assert isinstance(data[key], list), (path, key)


def test_shared_corpus_events() -> None:
    """(type, date) of every gold event of the shared articles, with this stage alone."""
    gold_dir, seeds = SHARED / "corpus" / "gold", SHARED / "corpus" / "seeds"
    if not gold_dir.is_dir() or not seeds.is_dir():
        pytest.skip(f"shared corpus not found at {SHARED.resolve()}")
    from kizuna.pipeline import clean_document
    from kizuna.sources import iter_raw
    for raw in iter_raw([seeds]):
        gold = json.loads((gold_dir / (Path(raw.source).stem + ".json")).read_text(encoding="utf-8"))
        doc = clean_document(raw)
        ctx = context(doc.text, doc.lang, doc.published)
        events = extract_events(ctx)
        assert keys(events) == {(e["type"], e["date"]) for e in gold["events"]}, raw.source
        assert_spans_inside(events, doc.text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([
    "Ngày 14/6, ", "tại tỉnh Bắc Ninh ", "đã tiếp ", "Diễn đàn ", "từ ngày 13-14/6", "sẽ ký kết ", "(Ảnh: A)",
    "On 14 June ", "received ", "in Tokyo ", "6月14日、", "群馬県で", "表敬", "\n\n", ". ", "Đại sứ quán ", "x",
]), max_size=25), st.sampled_from([None, "2024-06", "2024-06-20", "bad"]), st.sampled_from(["vi", "en", "ja", "und"]))
def test_never_crashes_on_fragments(parts: list[str], published: str | None, lang: str) -> None:
    text = "".join(parts)
    events = extract_events(context(text, lang, published))
    assert_spans_inside(events, text)
    assert all(e.type in EVENT_TYPES for e in events)
    assert len({(e.type, e.date) for e in events}) == len(events)


def test_press_release_date_field_dates_the_lead(context) -> None:
    ctx = context("ダナン市の代表団が来県し、知事を表敬訪問しますので、お知らせします。\n\n1　日時\n\n"
                  "令和6年7月12日（金）10時00分から\n\n2　場所\n\n県庁本館", "ja", "2024-07-10")
    assert ("visit", "2024-07-12", None) in {(e.type, e.date, e.end) for e in extract_events(ctx)}


def test_a_date_field_label_inside_a_sentence_is_not_a_field(context) -> None:
    ctx = context("The delegation will visit soon. The date 12 July was mentioned in passing.", "en", "2024-07-10")
    assert all(e.date != "2024-07-12" or e.type != "visit" for e in extract_events(ctx))


def test_at_the_meeting_points_back_to_the_meeting_date(context) -> None:
    ctx = context("Le 25 novembre, le président de la province de Thua Thien Hue a reçu une délégation de Kyoto.\n\n"
                  "Lors de la réunion, les deux parties ont signé une lettre d'intention sur le patrimoine.",
                  "fr", "2024-11-26")
    found = {(e.type, e.date) for e in extract_events(ctx)}
    assert ("signing", "2024-11-25") in found and ("reception", "2024-11-25") in found


def test_a_signing_far_from_any_date_and_reference_stays_undated(context) -> None:
    ctx = context("Le 25 novembre, le président a reçu une délégation de Kyoto.\n\n"
                  "Les deux villes ont signé de nombreux accords depuis longtemps.", "fr", "2024-11-26")
    assert ("signing", "2024-11-25") not in {(e.type, e.date) for e in extract_events(ctx)}


def test_a_generic_word_repeating_a_longer_event_of_the_day_is_the_same_event(context) -> None:
    ctx = context("4月4日には、ハノイ市内で「福岡県ビジネスセミナー」を開催し、約150社が参加しました。"
                  "セミナーでは、支援制度を紹介しました。", "ja", "2024-04-08")
    assert {(e.type, e.date) for e in extract_events(ctx)} == {("investment_promotion", "2024-04-04")}


def test_after_the_meeting_takes_the_meetings_date_not_the_visits(context) -> None:
    ctx = context("Am 14. Oktober empfing der Vorsitzende eine Delegation der Präfektur Hokkaido. "
                  "Die Delegation besucht Lam Dong vom 13. bis 16. Oktober.\n\n"
                  "Im Anschluss an das Treffen unterzeichneten beide Seiten eine Absichtserklärung.",
                  "de", "2024-10-15")
    assert ("signing", "2024-10-14") in {(e.type, e.date) for e in extract_events(ctx)}


def test_an_agreed_plan_in_a_bare_month_is_not_a_reported_event(context) -> None:
    ctx = context("De två sidorna kom överens om att ordna en gemensam konferens i Hai Phong i oktober.",
                  "sv", "2025-03-13")
    assert extract_events(ctx) == []


def test_a_date_clause_inside_a_visit_dates_the_programme_item_after_it(context) -> None:
    ctx = context("Trong chuyến công tác tại Nhật Bản từ ngày 9 đến 13/6, ngày 11/6, đoàn công tác tỉnh Hậu Giang "
                  "đã đến thăm và làm việc với chính quyền tỉnh Okayama.", "vi", "2024-06-12")
    assert {(e.type, e.date, e.end) for e in extract_events(ctx)} == {
        ("visit", "2024-06-09", "2024-06-13"), ("visit", "2024-06-11", None)}


@pytest.mark.parametrize("text", [
    "Da Nang hosted the Vietnam-Japan Local Partnership Forum on July 17, with 25 Japanese prefectures.",
    "Farming topped the agenda of the Mekong Delta-Japan Cooperation Forum, which Can Tho hosted on July 17.",
])
def test_hosting_a_forum_is_no_reception_and_the_forum_keeps_the_date(text: str) -> None:
    events = extract_events(context(text, "en", published="2025-07-19"))
    assert [e.type for e in events] == ["forum"] and events[0].date == "2025-07-17"


def test_hosting_a_governor_is_a_reception() -> None:
    events = extract_events(context("On July 17 the chairman hosted the governor of Gunma in Quang Ninh.", "en",
                                    published="2025-07-19"))
    assert [(e.type, e.date) for e in events] == [("reception", "2025-07-17")]


def test_two_days_joined_by_va_are_one_range() -> None:
    events = extract_events(context("Trong hai ngày 17 và 18/7, tỉnh Khánh Hòa đăng cai Diễn đàn du lịch biển "
                                     "với các đối tác Nhật Bản.", "vi", published="2025-07-18"))
    assert [(e.type, e.date, e.end) for e in events] == [("forum", "2025-07-17", "2025-07-18")]


def test_meeting_for_a_conference_is_the_conference() -> None:
    # contract: conferences are workshops (with seminars and hội thảo); a forum is named a forum
    text = "Officials from Lam Dong and Niigata met in Da Lat on Friday for their third annual conference on farming."
    assert [(e.type, e.date) for e in extract_events(context(text, "en", published="2025-11-15"))] == [
        ("workshop", "2025-11-14")]


def test_an_activity_recalled_with_only_its_month_is_background() -> None:
    text = ("Sáng 26/11, tại tỉnh Quảng Ninh, hội nghị xúc tiến du lịch Quảng Ninh - Hokkaido đã diễn ra.\n\n"
            "Tháng 7 vừa qua, đoàn công tác của tỉnh đã sang Hokkaido khảo sát các khu nghỉ dưỡng.\n\n"
            "Tại hội nghị, các doanh nghiệp đã ký 14 hợp đồng.")
    assert keys(extract_events(context(text, "vi", "2025-11-28"))) == {("investment_promotion", "2025-11-26")}
    # the same recall with a day is told as an event of its own
    dated = text.replace("Tháng 7 vừa qua", "Ngày 14/10 vừa qua")
    assert ("visit", "2025-10-14") in keys(extract_events(context(dated, "vi", "2025-11-28")))
    # and an undated recall in the lead is still the lead's event, however long ago
    lead = "Tháng 7 vừa qua, đoàn công tác của tỉnh Quảng Ninh đã sang Hokkaido khảo sát các khu nghỉ dưỡng."
    assert ("visit", "2025-07") in keys(extract_events(context(lead, "vi", "2025-11-28")))


def test_an_event_dated_months_before_publication_is_background() -> None:
    text = ("Tokyo, Nov 12 - Thua Thien Hue province and Gifu prefecture signed an agreement on November 12.\n\n"
            "The Emperor's visit to the province in March 2017 opened the way to this cooperation.")
    assert keys(extract_events(context(text, "en", "2018-11-13"))) == {("signing", "2018-11-12")}
    # the same visit a month before publication is still news of the period
    recent = text.replace("March 2017", "October 2018")
    assert ("visit", "2018-10") in keys(extract_events(context(recent, "en", "2018-11-13")))


def test_a_caption_glued_to_the_lead_does_not_hide_the_lead() -> None:
    text = ("The President (R) greets the Governor of Tottori (Photo: VNA)Hanoi (VNA) - The President received "
            "the Governor of Tottori prefecture in Hanoi on March 3, praising the ties.")
    assert keys(extract_events(context(text, "en", "2025-03-04"))) == {("reception", "2025-03-03")}


def test_a_lead_without_an_event_is_told_by_the_next_paragraph_on_its_date() -> None:
    text = ("Hanoi (VNA) - The Prime Minister on August 14 praised the growth of local ties.\n\n"
            "During a reception for the Governor of Nagano prefecture, he noted the size of the community.")
    assert keys(extract_events(context(text, "en", "2019-08-14"))) == {("reception", "2019-08-14")}


def test_a_range_further_on_does_not_replace_the_date_right_after_the_trigger() -> None:
    text = "El presidente recibió hoy al gobernador de Kanagawa, quien visita el país del 11 al 17 de noviembre."
    assert ("reception", "2025-11-15") in keys(extract_events(context(text, "es", "2025-11-15")))


def test_a_meeting_told_from_the_travellers_side_is_part_of_their_visit() -> None:
    visit = "On 12 May, the delegation of Nghe An met the Governor of Shiga in Otsu."
    assert keys(extract_events(context(visit, "en", "2025-05-13"))) == {("visit", "2025-05-12")}
    hosted = "On 12 May, the Chairman of Nghe An received the Governor of Shiga and held talks with him."
    assert keys(extract_events(context(hosted, "en", "2025-05-13"))) == {("reception", "2025-05-12")}


def test_a_named_programme_is_an_event_and_an_anniversary_span_dates_nothing() -> None:
    text = ('Ngày 8/9, chương trình "Hẹn gặp Nhật Bản 2024" đã diễn ra tại tỉnh Đồng Nai '
            "nhân kỷ niệm quan hệ (21/9/1973 - 21/9/2024).")
    assert keys(extract_events(context(text, "vi", "2024-09-09"))) == {("other", "2024-09-08")}


def test_an_undated_lead_event_just_before_publication_takes_its_month() -> None:
    lead = "Tỉnh Nghệ An vừa tổ chức lễ ký kết biên bản ghi nhớ hợp tác với tỉnh Shizuoka."
    assert keys(extract_events(context(lead, "vi", "2025-04-18"))) == {("signing", "2025-04")}
    plain = "Tỉnh Nghệ An tổ chức lễ ký kết biên bản ghi nhớ hợp tác với tỉnh Shizuoka."
    assert keys(extract_events(context(plain, "vi", "2025-04-18"))) == {("signing", None)}


def test_the_guests_visit_without_a_date_of_its_own_is_the_reception() -> None:
    text = "Prime Minister Pham Minh Chinh received Tochigi Governor Fukuda Tomikazu in Hanoi, who is visiting Vietnam again."
    assert keys(extract_events(context(text, "en", None))) == {("reception", None)}


def test_calling_on_someone_to_act_is_no_visit() -> None:
    urged = "At the forum on 25 November, the minister called on Osaka firms to build more plants in Vietnam."
    assert keys(extract_events(context(urged, "en", "2025-11-26"))) == {("forum", "2025-11-25")}
    call = "On 25 November, the Governor of Gunma called on the Prime Minister in Hanoi."
    assert keys(extract_events(context(call, "en", "2025-11-26"))) == {("visit", "2025-11-25")}


def test_an_assembly_speaker_is_no_conference() -> None:
    text = "11月20日、訪問団一行は岐阜県庁で県議会議長に表敬訪問を行いました。"
    assert keys(extract_events(context(text, "ja", "2025-11-21"))) == {("visit", "2025-11-20")}


def test_a_press_conference_is_an_event_of_its_own() -> None:
    text = "Das Außenministerium hielt am 20. November eine Pressekonferenz zum Forum in Quang Ninh ab."
    assert ("other", "2025-11-20") in keys(extract_events(context(text, "de", "2025-11-21")))


def test_russian_event_words_are_read_in_their_cases() -> None:
    text = "С 15 по 18 октября делегация провинции Тханьхоа совершает рабочую поездку по Японии."
    assert {t for t, _ in keys(extract_events(context(text, "ru", "2025-10-16")))} == {"visit"}


def test_the_same_day_dates_an_event_by_the_one_told_before() -> None:
    text = ("Hanoi (VNA) - The Prime Minister received the Governor of Gifu in Hanoi on March 3.\n\n"
            "He welcomed the signing of a labour agreement between the ministry and Gifu earlier the same day.")
    assert keys(extract_events(context(text, "en", "2025-03-04"))) == {("reception", "2025-03-03"),
                                                                      ("signing", "2025-03-03")}


def test_activities_inside_a_festival_of_several_days_are_dated_to_its_month() -> None:
    # contract: activities listed inside a festival are events of their own; each has its own date,
    # and without a day of its own only the festival's month is known
    text = ("Hai Phong (VNA) - The Kobe Festival will be held in Hai Phong from 4 to 6 October.\n\n"
            "It marks ten years of friendship between the two cities.\n\n"
            "Activities such as an investment promotion conference, a photo exhibition and a workshop on port "
            "logistics will take place on this occasion.\n\n"
            "The festival is expected to draw 3,000 visitors.")
    assert keys(extract_events(context(text, "en", "2024-09-20"))) == {
        ("other", "2024-10-04"), ("investment_promotion", "2024-10"), ("other", "2024-10"), ("workshop", "2024-10")}


def test_a_trips_undated_activities_are_dated_to_its_month_but_not_after_a_day_is_told() -> None:
    trip = ("The governor of Shizuoka and his delegation visited Vietnam from 12 to 16 November.\n\n"
            "In Lao Cai the delegation signed a memorandum on tea growing with the province.")
    assert keys(extract_events(context(trip, "en", "2024-11-30"))) == {("visit", "2024-11-12"),
                                                                      ("signing", "2024-11")}
    # once the lead tells one day of the trip, the next sentences go on telling that day
    day = ("During their trip to Vietnam from 12 to 16 November, on 13 November the delegation of Shizuoka "
           "called on leaders of Lao Cai.\n\n"
           "Welcoming the guests, the chairman received a tea set from the governor.")
    assert ("reception", "2024-11") not in keys(extract_events(context(day, "en", "2024-11-30")))


def test_a_meeting_in_the_partners_country_is_the_travellers_visit() -> None:
    # contract: calls and working sessions told from the travellers' side are their visit
    away = ("Tokyo (VNA) - The Deputy Prime Minister said so at his meeting with leaders of Shizuoka "
            "prefecture on 9 May.")
    assert keys(extract_events(context(away, "en", "2024-05-10"))) == {("visit", "2024-05-09")}
    at_home = ("Hanoi (VNA) - The chairman of Hanoi said so at his meeting with leaders of Shizuoka "
               "prefecture on 9 May.")
    assert keys(extract_events(context(at_home, "en", "2024-05-10"))) == {("reception", "2024-05-09")}
    # the side holding the meeting is the one named nearest before the meeting word, not a name
    # inside the festival's name
    festival = ("On 8 August, in Hanoi, on the sidelines of the Vietnam-Shizuoka Festival, the vice chairman "
                "of Bac Ninh met the governor of Shizuoka.")
    assert ("visit", "2024-08-08") not in keys(extract_events(context(festival, "en", "2024-08-09")))


def test_the_date_of_a_merger_dates_no_event() -> None:
    # contract: dates of mergers or foundings are not events
    text = ("Lễ hội ẩm thực năm nay được tổ chức ngay sau khi tỉnh Ninh Bình mới chính thức ra đời từ việc "
            "hợp nhất ba tỉnh Ninh Bình, Nam Định và Hà Nam từ ngày 1/7.")
    assert ("other", "2025-07-01") not in keys(extract_events(context(text, "vi", None)))


def test_a_year_that_starts_a_programme_is_not_the_year_of_its_events() -> None:
    text = ("Hue (VNA) - A seminar on tourism was held in Hue on August 29.\n\n"
            "Since 2014, the volunteers programme has sent 16 teachers to the province.")
    assert ("workshop", "--08-29") in keys(extract_events(context(text, "en", None)))


def test_a_plan_with_its_own_month_and_year_is_an_announced_event() -> None:
    # contract: an upcoming event that the article announces, with its planned date, is an event
    text = ("Hanoi (VNA) - Leaders of Hanoi received a delegation of Saitama on May 3.\n\n"
            "The guests said they plan to visit Hanoi again in October 2025 to sign a memorandum.")
    assert ("visit", "2025-10") in keys(extract_events(context(text, "en", "2025-05-04")))
    vague = "The guests said they will visit Hanoi again to deepen the cooperation."
    assert keys(extract_events(context(vague, "en", "2025-05-04"))) == set()


def test_a_bracketed_date_after_an_anniversary_is_the_founding_day() -> None:
    text = "12月20日、山口県とビンズオン省は交流開始5周年(12月1日)を祝う式典を開いた。"
    assert keys(extract_events(context(text, "ja", "2024-12-21"))) == {("other", "2024-12-20")}


def test_a_date_set_off_right_after_its_verb_is_the_verbs() -> None:
    text = ("Le Premier ministre a rencontré, le 25 novembre, le gouverneur de Gunma, venu participer "
            "au forum des localités.")
    assert ("reception", "2025-11-25") in keys(extract_events(context(text, "fr", "2025-11-26")))


def test_a_meeting_held_by_the_delegations_side_is_their_visit_and_is_one_event() -> None:
    # contract: calls told from the travellers' side are their visit; one meeting is one event
    text = ("Sáng 25-9, Phó Chủ tịch UBND tỉnh Bắc Ninh đã có buổi làm việc với Phó Thống đốc tỉnh Shiga.\n\n"
            "Phát biểu tại buổi làm việc, Phó Thống đốc vui mừng đón đoàn công tác của tỉnh Bắc Ninh "
            "đến thăm tỉnh Shiga.")
    assert keys(extract_events(context(text, "vi", "2025-09-26"))) == {("visit", "2025-09-25")}


def test_an_earlier_years_date_in_an_undated_article_is_background() -> None:
    # no publication date; "the 50th anniversary of diplomatic relations" makes the story's year 2023
    text = ("Ngày 16/11, tỉnh Bắc Giang khai mạc Tuần văn hóa Shiga, hưởng ứng dịp kỷ niệm 50 năm quan hệ "
            "ngoại giao giữa hai nước.\n\n"
            "Lễ hội cụ thể hóa thỏa thuận hợp tác được ký kết ngày 9/9/2022 giữa hai tỉnh.")
    assert ("signing", "2022-09-09") not in keys(extract_events(context(text, "vi", None)))


def test_a_meeting_word_in_a_programme_name_does_not_make_it_a_reception() -> None:
    text = "Le 3 juin, le programme « Rencontre avec Shizuoka » a eu lieu dans la province de Lam Dong."
    assert keys(extract_events(context(text, "fr", published="2024-06-05"))) == {("other", "2024-06-03")}
    # a gathering word in the name still types it
    forum = "Le 3 juin, le programme « Forum des entreprises de Shizuoka » a eu lieu à Lam Dong."
    assert keys(extract_events(context(forum, "fr", published="2024-06-05"))) == {("forum", "2024-06-03")}


def test_a_range_beside_a_reception_is_the_trips_and_the_reception_has_one_day() -> None:
    # the range of days follows the meeting word, but it dates the working trip it qualifies
    text = "6月12日下午,岘港市人民委员会副主席会见于6月12日至14日对岘港进行工作访问的日本广岛县代表团。"
    found = {(e.type, e.date, e.end) for e in extract_events(context(text, "zh"))}
    assert ("visit", "2024-06-12", "2024-06-14") in found
    assert ("reception", "2024-06-12", None) in found


def test_a_reception_on_the_sidelines_takes_the_forums_day_not_a_background_month() -> None:
    text = ("Quang Ninh - El Foro de Turismo Vietnam-Japón se inauguró el 14 de junio en Ha Long.\n\n"
            "El Foro concreta el acuerdo firmado entre los dos gobiernos en marzo de 2024.\n\n"
            "Al margen del foro, el presidente provincial recibió al gobernador de Shizuoka.")
    found = keys(extract_events(context(text, "es")))
    assert ("forum", "2024-06-14") in found and ("reception", "2024-06-14") in found
    assert ("forum", "2024-03") not in found      # the earlier month is the agreement's, told as background


def test_at_this_seminar_takes_the_seminars_date_not_the_latest_meeting() -> None:
    text = ("The Hanoi delegation visited Fukuoka from June 3 to 5.\n\n"
            "On June 4, a trade seminar was held in Fukuoka city.\n\n"
            "The governor of Fukuoka welcomed the delegation on June 5.\n\n"
            "At this seminar, the two agencies signed a memorandum of understanding on trade.")
    assert ("signing", "2024-06-04") in keys(extract_events(context(text, "en")))


def test_at_the_forum_before_any_dated_forum_dates_nothing() -> None:
    text = ("O primeiro-ministro visitou Tóquio em abril de 2024.\n\n"
            "No fórum, os dirigentes de Gunma e Quang Ninh assinaram um memorando.")
    assert ("signing", "2024-04") not in keys(extract_events(context(text, "pt")))


@pytest.mark.parametrize("text", [
    # the visit word tells the guests' trip to the holder's own country
    "ハナム省人民委員会の委員長は5日、ベトナムを訪れた鳥取県の訪問団と省庁舎で会談した。",
    # a standing National Assembly delegation is no travelling one; the lead's trip goes to the holder
    "本日5日午後、ハナム省国会代表団長と省人民委員会委員長が鳥取県の一行と会談した。鳥取県の代表者がハナムを訪問した。",
])
def test_a_meeting_held_by_the_hosts_of_the_trip_is_a_reception_in_japanese(text: str) -> None:
    found = {e.type for e in extract_events(context(text, "ja"))}
    assert "reception" in found


def test_a_meeting_held_by_the_travellers_stays_their_visit_in_japanese() -> None:
    text = "ロンアン省代表団は5日、日本を訪問し、茨城県知事と会談した。"
    assert "visit" in {e.type for e in extract_events(context(text, "ja"))}


def test_a_gathering_named_as_the_occasion_of_a_dated_meeting_is_on_its_day() -> None:
    text = ("À l'occasion de sa participation au Forum du tourisme Vietnam - Japon, le ministre a "
            "rencontré, le 12 juin, le gouverneur de la préfecture de Nara.")
    assert ("forum", "2024-06-12") in keys(extract_events(context(text, "fr")))


def test_at_the_meeting_points_back_and_leaves_the_sentences_date_to_what_it_recalls() -> None:
    text = ("El presidente de la provincia de Thua Thien Hue recibió a la delegación de Gifu.\n\n"
            "En la reunión, destacó que la visita del alcalde a Hue en marzo de 2017 abrió la cooperación.")
    found = keys(extract_events(context(text, "es", published=None)))
    assert ("reception", "2017-03") not in found


@pytest.mark.parametrize("text, lang", [
    ("Um seminário sobre investimentos reuniu Can Tho e empresas japonesas.\n\n"
     "O evento ocorreu na tarde de 12 de junho, com a presença do vice-primeiro-ministro.", "pt"),
    ("The event took place on the afternoon of 12 June, with the deputy prime minister.\n\n"
     "The seminar on investment brought Can Tho and Japanese firms together.", "en"),
])
def test_the_event_named_generically_with_a_day_dates_the_event(text: str, lang: str) -> None:
    assert ("workshop", "--06-12") in keys(extract_events(context(text, lang, published=None)))


@pytest.mark.parametrize("text, lang, expected", [
    # the travellers' calls, told from their side, are visits (contract); a host verb keeps the reception
    ("Le 3 juin, le consul général est venu à Phu Ly pour une visite de courtoisie au président de Hà Nam.", "fr",
     {("visit", "2024-06-03")}),
    ("On June 3, the consul general paid a courtesy call on the leaders of Ha Nam province.", "en",
     {("visit", "2024-06-03")}),
    ("Ngày 3/6, Tổng Lãnh sự đã đến chào xã giao lãnh đạo tỉnh Hà Nam.", "vi", {("visit", "2024-06-03")}),
    ("On June 3, the chairman of Ha Nam received the consul general, who paid a courtesy call.", "en",
     {("reception", "2024-06-03")}),
    # English of Vietnamese outlets: "worked with" is "làm việc với", a working session, here abroad
    ("The Vice Chairman of Hai Phong worked with the Governor of Kanagawa in Yokohama on June 5.", "en",
     {("visit", "2024-06-05")}),
    # a venue named with an event word is no event
    ("Ngày 5/6, tỉnh Quảng Ninh tổ chức lễ hội ẩm thực tại Trung tâm Hội nghị quốc tế Hạ Long.", "vi",
     {("other", "2024-06-05")}),
    ("On June 5, Quang Ninh held a food festival at the Ha Long International Convention Center.", "en",
     {("other", "2024-06-05")}),
    ("El 5 de junio, Quang Ninh celebró un festival gastronómico en el Centro Internacional de Convenciones de Ha Long.",
     "es", {("other", "2024-06-05")}),
    # talks and a signing told together are one meeting, typed by the document signed at it
    ("Ngày 5/6, tỉnh Bình Định và tỉnh Shiga đã tổ chức hội đàm và ký kết biên bản ghi nhớ hợp tác.", "vi",
     {("signing", "2024-06-05")}),
    ("On June 5, the chairman of Binh Dinh held talks with the Governor of Shiga and signed a memorandum of "
     "cooperation.", "en", {("signing", "2024-06-05")}),
])
def test_one_sentence_makes_the_event_the_contract_reads_in_it(text: str, lang: str,
                                                               expected: set[tuple[str, str]]) -> None:
    assert keys(extract_events(context(text, lang))) == expected


def test_a_japanese_era_year_makes_an_undated_mention_background() -> None:
    # "令和5年に" names the year of the signing: it is history, not this page's undated news
    text = ("クアンチ省は山梨県の姉妹友好県省です。\n\n"
            "ベトナム政府訪問団の来県が交流のきっかけとなり、令和5年に友好県省協定を締結しました。")
    assert extract_events(context(text, "ja", published=None)) == []


def test_a_date_before_agreed_to_gives_the_story_its_year() -> None:
    # without a publication date, "akhir April 2025" is when the visit was (the plan follows
    # "sepakat untuk"), so "21 Oktober" of the same story is in 2025
    text = ("Pada 21 Oktober, Perdana Menteri menerima Gubernur Prefektur Gunma di Hanoi. "
            "Dalam kunjungan Perdana Menteri Jepang pada akhir April 2025, kedua negara sepakat untuk memperluas kerja sama.")
    assert ("reception", "2025-10-21") in keys(extract_events(context(text, "id", published=None)))


def test_an_announced_event_of_a_month_with_no_known_year_is_listed() -> None:
    # contract: an upcoming event with its planned date is an event; the year is unknown: "--07"
    text = "La 6e Fête Vietnam - Japon sera organisée à Hué en juillet."
    assert keys(extract_events(context(text, "fr", published=None))) == {("other", "--07")}


def test_an_undated_visit_beside_one_dated_reception_is_that_meeting() -> None:
    # the delegation's visit, told without days or activities, is the talks the hosts held with it
    text = ("6月3日午後、タインホア省人民委員会の委員長は、鳥取県の副知事と会談した。"
            "鳥取県の代表団がタインホア省を訪問し、交流しました。"
            "この会議には、省の各部局の代表も出席した。")
    assert keys(extract_events(context(text, "ja"))) == {("reception", "2024-06-03")}


def test_a_plan_told_after_a_dated_signing_does_not_take_its_day() -> None:
    # the day is the signing's; what the next sentence says both sides will do has not happened
    text = ("Quang Tri and Yamanashi signed a friendship agreement on June 5. "
            "Under the agreement, the two sides will hold investment promotion conferences.")
    assert keys(extract_events(context(text, "en"))) == {("signing", "2024-06-05")}


def test_the_event_named_generically_in_russian_takes_the_day_of_its_sentence() -> None:
    text = ("В Дананге открылся фестиваль дружбы.\n\n"
            "Более 50 стендов за два дня (с 10 по 11 августа) говорят об успехе мероприятия.")
    assert keys(extract_events(context(text, "ru", published=None))) == {("other", "--08-10")}


def test_a_quoted_speaker_and_a_back_reference_make_no_event_of_their_own() -> None:
    # 「…歓迎…」 is what the chairman said; 会見で points back at the press conference
    text = ("実行委員会が札幌市内で記者会見を開いた。委員長は「現地の皆さんが心から歓迎してくれると聞いています」と述べた。\n\n"
            "会見で副知事は交流を深めたいと話した。")
    assert keys(extract_events(context(text, "ja", published=None))) == {("other", None)}


@pytest.mark.parametrize("text", [
    "On November 11, Hanoi held an investment and trade promotion seminar in Fukuoka.",
    "Bac Ninh promoted its investment climate to Japanese firms at a seminar in Osaka on November 11.",
    "Un forum de promotion de l'investissement a eu lieu le 11 novembre à Osaka. Lors du forum, cinq provinces ont parlé.",
])
def test_a_gathering_that_promotes_investment_is_an_investment_promotion(text: str) -> None:
    lang = "fr" if text.startswith("Un") else "en"
    assert keys(extract_events(context(text, lang, published="2024-11-20"))) == {("investment_promotion", "2024-11-11")}


def test_a_list_of_activities_keeps_the_workshop_apart_from_the_promotion() -> None:
    text = ("Activities in November include an investment promotion conference, a food exhibition "
            "and a workshop on human resources.")
    assert {t for t, _ in keys(extract_events(context(text, "en", published="2024-11-02")))} >= {
        "investment_promotion", "workshop"}


def test_at_the_seminar_points_back_at_the_promotion_seminar() -> None:
    text = ("On November 11, Hanoi held an investment and trade promotion seminar in Fukuoka. "
            "At the seminar, the two agencies signed a memorandum of understanding.")
    assert keys(extract_events(context(text, "en", published="2024-11-20"))) == {("investment_promotion", "2024-11-11"),
                                                        ("signing", "2024-11-11")}


@pytest.mark.parametrize("phrase, year", [
    ("to celebrate 50 years of diplomatic relations", "2023"),
    ("after more than 50 years of diplomatic relations", None),
])
def test_years_of_diplomatic_relations_date_an_undated_article(phrase: str, year: str | None) -> None:
    text = f"Bac Ninh held an investment seminar in Osaka on September 7, {phrase} between the two countries."
    (event,) = extract_events(context(text, "en", published=None))
    assert event.date == (f"{year}-09-07" if year else "--09-07")


def test_talks_and_signing_told_together_are_one_event_even_undated() -> None:
    # an article that dates nothing: the session and the signing of one sentence are one
    # occasion, a signing (contract: one meeting is one event; a document signed there types it)
    text = ("Tải ứng dụng\n\n"
            "Chủ tịch tỉnh Nghệ An và Thống đốc tỉnh Shizuoka đã hội đàm và cùng ký biên bản ghi nhớ "
            "về hợp tác đào tạo lao động.")
    assert keys(extract_events(context(text, "vi", published=None))) == {("signing", None)}


def test_welcoming_investors_is_no_reception() -> None:
    text = ("On March 3, the chairman of Bac Ninh said the province welcomes Japanese investors "
            "and stands ready to support their projects in high-tech industry.")
    assert keys(extract_events(context(text, "en", published="2025-03-04"))) == set()


@pytest.mark.parametrize("lang, text", [
    ("fr", "Le 16 juin, le Premier ministre a reçu le gouverneur de Yamaguchi, venu pour la célébration du "
           "10e anniversaire de la signature du protocole d'accord avec Binh Duong."),
    ("en", "On 16 June, the Prime Minister received the Yamaguchi governor, in Vietnam for the 10th anniversary "
           "of the signing of the memorandum with Binh Duong."),
    ("ja", "6月16日、首相は山口県知事と会見した。知事はビンズオン省との覚書締結10周年の記念式典に出席した。"),
])
def test_the_anniversary_of_a_signing_is_no_signing(lang: str, text: str) -> None:
    """What an anniversary commemorates happened years before: the signing word inside it tells the
    commemoration, not a signing of this article."""
    found = keys(extract_events(context(text, lang)))
    assert ("reception", "2024-06-16") in found
    assert not any(event_type == "signing" for event_type, _ in found)


def test_a_back_reference_with_a_date_of_its_own_recalls_another_event() -> None:
    """'durante a visita oficial ... em abril de 2025' points at that April visit, recalled as
    background: neither the forum told before nor news of its own."""
    text = ("Na manhã de 25 de novembro, realizou-se o fórum de cooperação local na província de Quang Ninh.\n\n"
            "Na abertura do Fórum, o ministro afirmou que o fórum cumpre o acordo firmado durante a visita "
            "oficial do primeiro-ministro japonês ao Vietnã em abril de 2025.")
    assert keys(extract_events(context(text, "pt", published="2025-11-25"))) == {("forum", "2025-11-25")}
