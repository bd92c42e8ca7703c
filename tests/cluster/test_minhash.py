"""MinHash signatures and LSH bands: copies found, different reports of one event not."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from kizuna.cluster import minhash

ARTICLE = ("Chiều 24/11, tại thành phố Hạ Long, Chủ tịch UBND tỉnh Quảng Ninh đã tiếp Thống đốc tỉnh Gunma "
           "nhân dịp ông sang dự diễn đàn hợp tác địa phương. Hai bên trao đổi về đào tạo nhân lực, nông nghiệp "
           "công nghệ cao và du lịch. Thống đốc cho biết 56 doanh nghiệp của Gunma đang đầu tư tại Việt Nam và "
           "tỉnh sẵn sàng đón thêm thực tập sinh. Hai bên thống nhất xây dựng kế hoạch hợp tác trong năm 2026.")
COPY = ("(Ảnh minh họa) " + ARTICLE.replace("Chiều 24/11", "Vào chiều 24/11") + " Bình luận (0)")
OTHER = ("Sáng 3/10, đoàn công tác tỉnh Nghệ An do Phó Chủ tịch UBND tỉnh dẫn đầu đã làm việc với lãnh đạo "
         "tỉnh Gifu về hợp tác phát triển nguồn nhân lực, thu hút đầu tư vào các khu công nghiệp và xúc tiến "
         "du lịch giữa hai địa phương trong giai đoạn tới.")


def test_a_lightly_edited_copy_is_above_the_duplicate_threshold() -> None:
    similarity = minhash.similarity(minhash.signature(ARTICLE, "vi"), minhash.signature(COPY, "vi"))
    assert similarity >= 0.6


def test_an_unrelated_article_is_far_below_it() -> None:
    assert minhash.similarity(minhash.signature(ARTICLE, "vi"), minhash.signature(OTHER, "vi")) < 0.2


def test_a_copy_shares_a_band_key_and_an_unrelated_text_does_not() -> None:
    keys = set(minhash.band_keys(minhash.signature(ARTICLE, "vi")))
    assert keys & set(minhash.band_keys(minhash.signature(COPY, "vi")))
    assert not keys & set(minhash.band_keys(minhash.signature(OTHER, "vi")))


def test_japanese_is_shingled_by_characters() -> None:
    shingles = minhash.shingles("岐阜県とゲアン省が覚書に署名", "ja")
    assert "岐阜県とゲ" in shingles and all(len(s) == 5 for s in shingles)


def test_signatures_survive_bytes_and_are_deterministic() -> None:
    sig = minhash.signature(ARTICLE, "vi")
    assert (minhash.from_bytes(minhash.to_bytes(sig)) == sig).all()
    assert (minhash.signature(ARTICLE, "vi") == sig).all()
    count, rows = minhash.bands()
    assert len(minhash.band_keys(sig)) == count and count * rows <= len(sig)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["vi", "ja", "en"]))
def test_any_text_gives_a_signature_and_bands(text: str, lang: str) -> None:
    sig = minhash.signature(text, lang)
    assert len(sig) == 64 and len(minhash.band_keys(sig)) == minhash.bands()[0]
    assert minhash.similarity(sig, sig) == 1.0
