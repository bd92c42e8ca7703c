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
