"""Language identification on short real-looking sentences of every supported language."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from kizuna.lang import detect, supported

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"

SENTENCES = {
    "vi": "Tỉnh Bắc Ninh và tỉnh Shizuoka đã trao đổi về việc mở rộng hợp tác trong lĩnh vực công nghiệp chế tạo.",
    "en": "The governor of Shizuoka Prefecture met provincial leaders of Bac Ninh to discuss manufacturing investment.",
    "ja": "静岡県の知事はバクニン省の指導者と会談し、製造業への投資について意見を交わした。",
    "fr": "Le gouverneur de la préfecture de Shizuoka a rencontré les dirigeants de la province de Bac Ninh.",
    "de": "Der Gouverneur der Präfektur Shizuoka traf die Führung der Provinz Bac Ninh zu Gesprächen über Investitionen.",
    "es": "El gobernador de la prefectura de Shizuoka se reunió con los dirigentes de la provincia de Bac Ninh.",
    "sv": "Guvernören i Shizuoka-prefekturen träffade ledarna för Bac Ninh-provinsen för att diskutera investeringar.",
    "pt": "O governador da prefeitura de Shizuoka reuniu-se com os dirigentes da província de Bac Ninh.",
    "id": "Gubernur Prefektur Shizuoka bertemu dengan para pemimpin Provinsi Bac Ninh untuk membahas investasi.",
    "ru": "Губернатор префектуры Сидзуока встретился с руководством провинции Бакнинь.",
    "zh": "静冈县知事会见了北宁省领导，双方就制造业投资交换了意见。",
    "ko": "시즈오카현 지사는 박닌성 지도자들과 만나 제조업 투자에 대해 논의했다.",
}


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_each_language(lang: str) -> None:
    assert detect(SENTENCES[lang]) == lang
    assert lang in supported()


def test_nfd_vietnamese_and_vietnamese_without_diacritics() -> None:
    assert detect(unicodedata.normalize("NFC", unicodedata.normalize("NFD", SENTENCES["vi"]))) == "vi"
    assert detect("Tinh Bac Ninh va tinh Shizuoka da trao doi ve viec mo rong hop tac trong linh vuc cong nghiep.") == "vi"


def test_no_letters_is_undetermined() -> None:
    assert detect("") == "und" and detect("12/11/2025 — 15:50 %%%") == "und"


def test_shared_seeds() -> None:
    if not SHARED.exists():
        pytest.skip("../shared/corpus is not present: the shared-corpus checks are skipped")
    from kizuna.clean import clean_page
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        gold = json.loads((SHARED / "gold" / (seed.stem + ".json")).read_text(encoding="utf-8"))
        assert detect(clean_page(seed.read_text(encoding="utf-8")).text) == gold["lang"], seed.name


# --- sentences written for kizuna (tests/fixtures/sources/lang/sentences.json) ------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

from kizuna.lang import body_sample, script_rules  # noqa: E402

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "sources" / "lang" / "sentences.json"
OWN = {lang: texts for lang, texts in json.loads(FIXTURE.read_text(encoding="utf-8")).items()
       if not lang.startswith("_")}


def test_fixture_covers_every_supported_language() -> None:
    assert set(OWN) == set(supported())


@pytest.mark.parametrize("lang", sorted(OWN))
def test_own_sentences(lang: str) -> None:
    for text in OWN[lang]:
        assert detect(text) == lang, text


@pytest.mark.parametrize("lang", sorted(OWN))
def test_five_kilobyte_documents(lang: str) -> None:
    """Long documents go through the bounded sample (and its widening), not the whole text."""
    text = ("\n\n".join(OWN[lang]) + "\n\n") * 100
    assert len(text.encode("utf-8")) > 5000 and detect(text[:5000]) == lang


def test_the_title_and_dateline_at_the_top_do_not_decide() -> None:
    head = "VIETNAM NEWS AGENCY | Hanoi | 25/11/2025 15:50 GMT+7 | Home » World » Asia\n"
    body = " ".join(OWN["sv"]) * 20
    assert detect(head + body) == "sv"


def test_swedish_full_of_vietnamese_names_stays_swedish() -> None:
    text = ("Delegationen från Quảng Ninh, Bắc Ninh och Đà Nẵng leddes av Nguyễn Văn Thắng och Phạm Thị Hằng. "
            "De besökte Gunma och Fukuoka under tre dagar och talade om utbildning och turism med värdarna.")
    assert detect(text) == "sv"


def test_hint_only_when_lingua_is_unsure() -> None:
    assert detect("Hanoi Osaka", hint="vi") == "vi"            # two names: lingua cannot know
    assert detect("Hanoi Osaka", hint="vi-VN") == "vi"         # locale forms are accepted
    assert detect("Hanoi Osaka", hint="xx") in supported()     # an unknown hint is ignored
    assert detect(OWN["en"][0], hint="fr") == "en"             # a confident answer beats the hint


def test_script_rules_positive_and_negative() -> None:
    rules = {rule.lang: rule for rule in script_rules()}
    assert rules["ja"].chars.search("ベトナム") and not rules["ja"].chars.search("越南北宁省")
    assert rules["ko"].chars.search("박닌성") and not rules["ko"].chars.search("北宁")
    assert rules["ru"].chars.search("Фукуока") and not rules["ru"].chars.search("Fukuoka")
    assert rules["vi"].chars.search("Quảng") and not rules["vi"].chars.search("Göteborg är här")
    assert detect("北宁省与福冈县签署合作备忘录。") == "zh"
    assert detect("박닌성(北寧省)과 후쿠오카현이 협력 각서를 체결했다.") == "ko"


def test_body_sample_is_bounded_and_cut_at_a_space() -> None:
    text = " ".join(["hợp tác"] * 2000)
    sample = body_sample(text, 300)
    assert len(sample) <= 300 and sample in text and not sample.startswith(" ") and sample.split()[0] in ("hợp", "tác")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_detect_never_crashes_and_returns_a_known_code(text: str) -> None:
    assert detect(text) in (*supported(), "und")


def test_long_latin_texts_are_decided_by_function_words_without_lingua(monkeypatch) -> None:
    import kizuna.lang as lang

    def no_lingua(*args, **kwargs):
        raise AssertionError("lingua should not be needed")
    monkeypatch.setattr(lang, "_by_lingua", no_lingua)
    english = ("The governor of the prefecture said that the partnership with the province has grown, and that "
               "the two sides will work on training, on logistics and on the exchange of students from this year. ") * 3
    swedish = ("Guvernören sa att samarbetet med provinsen har vuxit och att de två sidorna ska arbeta med "
               "utbildning, med logistik och med utbyte av studenter för att stärka banden. ") * 3
    assert lang.detect(english) == "en" and lang.detect(swedish) == "sv"


def test_mixed_function_words_fall_back_to_lingua() -> None:
    from kizuna.lang import _by_function_words
    assert _by_function_words("the och le der el os yang") is None
