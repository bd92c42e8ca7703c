"""kizuna.link.geography: places named only to say where something lies."""
from __future__ import annotations

from kizuna.gazetteer import load
from kizuna.link import link
from kizuna.link.geography import situating_only


def situating_names(text: str, lang: str) -> set[str]:
    mentions = link(text, load())
    found = situating_only(text, mentions, lang)
    return {m.name for m in mentions if (m.start, m.end) in found}


def test_a_place_that_says_where_a_province_lies_is_no_party() -> None:
    text = ("Tỉnh Bắc Ninh có vị trí thuận lợi, gần Thủ đô Hà Nội và các tỉnh ven biển như Hải Phòng, "
            "Quảng Ninh; năm nay tỉnh ký thỏa thuận với Kagoshima.")
    assert situating_names(text, "vi") == {"Hà Nội", "Hải Phòng", "Quảng Ninh"}


def test_distances_and_directions_in_other_languages() -> None:
    assert situating_names("The port lies 30 km south of Ho Chi Minh City. Long An met Hyogo.", "en") \
        == {"Hồ Chí Minh"}
    assert situating_names("この港町は首都ハノイ市の東約80キロにあります。", "ja") == {"Hà Nội"}
    assert situating_names("이 공단은 호찌민시에서 약 40km 떨어져 있다.", "ko") == {"Hồ Chí Minh"}


def test_cooperation_between_localities_is_not_a_description_of_where_they_lie() -> None:
    text = "Die Zusammenarbeit zwischen den Präfekturen Niigata und Kanagawa mit Hanoi wächst."
    assert situating_names(text, "de") == set()
    assert situating_names("Cooperation between Quang Ninh and Hokkaido grows.", "en") == set()


def test_a_companys_address_is_no_party() -> None:
    text = ("代表団は、山田農園株式会社(静岡県)、東洋精機グループ(本社:大阪)を訪問し、"
            "ロンアン省と愛知県の協力について話し合った。")
    assert situating_names(text, "ja") == {"Shizuoka", "Osaka"}


def test_a_prefecture_written_before_one_of_its_towns_is_its_address() -> None:
    text = "大阪府泉佐野市とビンディン省は友好覚書に調印した。大阪府の知事も出席した。"
    found = situating_only(text, link(text, load()), "ja")
    assert [text[a:b] for a, b in sorted(found)] == ["大阪府"]
    # a designated city is a locality of its own: its prefecture is left to the linker
    assert situating_names("福岡県北九州市とハイフォン市は姉妹都市である。", "ja") == set()
