"""Text helpers for Vietnamese: fold diacritics so "ba to" finds "Ba Tơ"."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case ASCII form of a Vietnamese string: 'Đắk Lắk' -> 'dak lak'."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
