"""Sectors from keyword tables per language; acronyms only in capitals."""
from __future__ import annotations

from kizuna.extract.sectors import extract_sectors


def test_vietnamese_keywords(context) -> None:
    ctx = context("Hai bên hợp tác về nông nghiệp công nghệ cao, dược phẩm, bao bì và đào tạo nguồn nhân lực.")
    # "nông nghiệp công nghệ cao" (hi-tech farming) is one phrase: agriculture, not science
    assert set(extract_sectors(ctx)) == {"agriculture", "healthcare", "manufacturing", "education_training"}


def test_swedish_and_japanese(context) -> None:
    assert {"semiconductors", "digital", "tourism"} <= set(
        extract_sectors(context("Samarbete inom halvledare och AI samt turism.", "sv")))
    assert set(extract_sectors(context("防災と観光の分野で協力する。", "ja"))) == {"disaster_prevention", "tourism"}


def test_acronyms_need_capitals_and_whole_words(context) -> None:
    assert "digital" not in extract_sectors(context("Is it true that the delegation went to Thailand?", "en"))
    assert "digital" not in extract_sectors(context("Ai sẽ dẫn đầu đoàn?", "vi"))
    assert "digital" in extract_sectors(context("They discussed AI in factories.", "en"))


def test_general_words_are_not_sectors(context) -> None:
    assert extract_sectors(context("Hai bên thúc đẩy hợp tác và phát triển kinh tế.")) == []


# --- diacritics, broad words, every language's table, the shared corpus ---

import json  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from kizuna.extract.phrases import load  # noqa: E402
from kizuna.model import SECTORS  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
LANGS = ("vi", "en", "ja", "sv", "fr", "de", "es", "pt", "id", "ru", "zh", "ko")


def test_folding_does_not_turn_common_words_into_sectors(context) -> None:
    # "được" folds like "dược" (pharmacy), "thân thiện" like "than" (coal)
    assert extract_sectors(context("Đoàn được đón tiếp thân thiện và cởi mở.")) == []
    assert extract_sectors(context("Công ty sản xuất dược phẩm và khai thác than.")) == ["healthcare", "minerals"]


def test_text_without_diacritics_still_matches(context) -> None:
    assert extract_sectors(context("Hai ben hop tac ve nong nghiep va du lich.")) == ["agriculture", "tourism"]


@pytest.mark.parametrize("lang,text", [
    ("vi", "Chương trình giới thiệu môi trường đầu tư và hoạt động giao lưu kết nối."),
    ("vi", "Đoàn tìm hiểu việc nghiên cứu ứng dụng vào sản xuất."),
    ("en", "The business environment and exchanges between delegations improved."),
    ("ja", "投資環境について研究者と交流した。"),
    ("sv", "En god miljö för samtal och forskning om detta."),
])
def test_broad_words_alone_are_not_sectors(lang: str, text: str, context) -> None:
    assert not set(extract_sectors(context(text, lang))) & {"energy_environment", "culture_exchange",
                                                             "science_technology", "manufacturing"}


@pytest.mark.parametrize("lang,text,expected", [
    ("vi", "Công nghiệp chế biến và năng lượng tái tạo là ưu tiên.", {"food", "energy_environment"}),
    ("vi", "Tăng cường giao lưu nhân dân, thể thao và chăm sóc người cao tuổi.", {"culture_exchange", "healthcare"}),
    ("vi", "Hợp tác về đất hiếm, trí tuệ nhân tạo và đổi mới sáng tạo.", {"minerals", "digital", "science_technology"}),
    ("en", "Talks covered semiconductors, rare earths and disaster prevention.",
     {"semiconductors", "minerals", "disaster_prevention"}),
    ("fr", "Coopération dans le tourisme et les énergies renouvelables.", {"tourism", "energy_environment"}),
    ("de", "Zusammenarbeit bei Halbleiter und Tourismus.", {"semiconductors", "tourism"}),
    ("es", "Cooperación en agricultura y turismo.", {"agriculture", "tourism"}),
    ("pt", "Cooperação em agricultura e turismo.", {"agriculture", "tourism"}),
    ("id", "Kerja sama di bidang pertanian dan pariwisata.", {"agriculture", "tourism"}),
    ("ru", "Сотрудничество в сфере туризма и зеленая трансформация.", {"tourism", "energy_environment"}),
    ("zh", "双方在农业和旅游领域合作。", {"agriculture", "tourism"}),
    ("ko", "양측은 농업과 관광 분야에서 협력한다.", {"agriculture", "tourism"}),
])
def test_keywords_in_every_language(lang: str, text: str, expected: set[str], context) -> None:
    assert set(extract_sectors(context(text, lang))) == expected


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_a_sourced_table_of_contract_sectors(lang: str) -> None:
    data = load(f"sectors.{lang}")
    assert data is not None and data["_source"]
    assert set(data["keywords"]) <= set(SECTORS)
    assert all(data["keywords"].values())


def test_shared_corpus_sectors_match_gold() -> None:
    seeds, gold_dir = SHARED / "corpus" / "seeds", SHARED / "corpus" / "gold"
    if not seeds.is_dir() or not gold_dir.is_dir():
        pytest.skip("shared corpus not found beside the repository (../shared/corpus)")
    from kizuna.pipeline import process
    from kizuna.sources import iter_raw
    tp = fp = fn = 0
    for raw in iter_raw([seeds]):
        gold = set(json.loads((gold_dir / f"{Path(raw.source).stem}.json").read_text(encoding="utf-8"))["sectors"])
        predicted = set(process(raw).sectors)
        tp, fp, fn = tp + len(predicted & gold), fp + len(predicted - gold), fn + len(gold - predicted)
    assert tp / (tp + (fp + fn) / 2) >= 0.9


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(list("nông nghiệp được dược AI it du lịch 農業観光 ÀÁ\u0301\n…")),
                    max_size=80),
       lang=st.sampled_from(LANGS))
def test_extract_sectors_never_crashes_and_uses_contract_labels(text: str, lang: str, context) -> None:
    labels = extract_sectors(context(text, lang))
    assert set(labels) <= set(SECTORS)
    assert len(labels) == len(set(labels))


def test_hi_tech_farming_is_agriculture_not_science(context) -> None:
    assert extract_sectors(context("They will cooperate in high-tech agriculture.", "en")) == ["agriculture"]


@pytest.mark.parametrize("lang,text,expected", [
    ("de", "Vereinbart wurden Agrartourismus und Milchviehhaltung.", {"tourism", "agriculture"}),
    ("sv", "Samarbete om jordbruksprodukter och turismutveckling.", {"agriculture", "tourism"}),
    ("de", "Das ist praktisch und gut.", set()),
])
def test_parts_of_compound_words(lang: str, text: str, expected: set[str], context) -> None:
    assert set(extract_sectors(context(text, lang))) == expected
