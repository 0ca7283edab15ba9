"""How place names are compared: the same key for every spelling a curator may type.

'Sarāvān' and 'SARAVAN' give 'saravan'; 'Koh-i-Sabz' gives 'koh i sabz'. Province names also match without
the generic word around them ('Balochistan province', 'Province of Balochistan').

Names in every script are keys (``normalise``), by the same rules at build and at lookup:

- compatibility forms are unified and case is folded (NFKD, then casefold; the key is recomposed with NFC, so
  it is the NFKC form of what is kept): fullwidth 'Ｔｅｈｒａｎ' is 'tehran', a CJK compatibility ideograph its
  unified ideograph, halfwidth katakana full width, 'Карачи' is 'карачи';
- accents are dropped where they are optional: every combining mark on a Latin, Greek or Cyrillic letter
  ('Sarāvān' -> 'saravan', 'Αθήνα' -> 'αθηνα', 'Йошкар-Ола' -> 'иошкар ола'), Hebrew points and Arabic-script
  harakat (fatha, kasra, shadda, sukun, superscript alef, hamza and madda above or below a letter: 'أ', 'إ', 'آ'
  are 'ا', 'ؤ' is 'و', 'ئ' is 'ی');
- every other combining mark is part of its letter and kept: the vowel signs and viramas of Devanagari and the
  other Indic scripts, the vowels and tone marks of Thai, Lao, Khmer, Myanmar, Tibetan and Thaana, the kana
  voicing marks ('कराची' keeps its matras; 'ガ' is not 'カ');
- Arabic-script letters Arabic, Persian and Urdu write differently are one: yeh 'ي' and alef maksura 'ى' are
  Persian 'ی'; kaf 'ك' is Persian 'ک'; Urdu heh goal 'ہ', Kurdish 'ە' and teh marbuta 'ة' are heh 'ه' (Urdu's
  do-chashmi 'ھ', which marks aspiration, stays a letter of its own; Urdu's final 'ے' too); alef wasla 'ٱ' is 'ا';
  tatweel 'ـ' is dropped;
- a zero-width non-joiner or joiner after a kept mark (a virama: an Indic conjunct) only shapes it and is dropped;
  elsewhere it separates words like a space, as Persian writes 'جلال‌آباد' or 'جلال آباد';
- digits of every script are ASCII digits ('۱۲' -> '12'); anything else that is not a letter, digit or kept
  mark (punctuation, hyphens, apostrophes) separates words, and runs of space are one.

The keys of Latin-script names are those of the rules before other scripts were keys (accents dropped, other marks
separating words), so ``world.sqlite``'s Latin keys did not change.

A key is in the script of its first letter (``script``): 'did you mean' hints offer names in the script typed.
"""

from __future__ import annotations

import unicodedata
from functools import cache

_ACCENTED = frozenset({"LATIN", "GREEK", "CYRILLIC"})  # scripts whose combining marks are optional accents
# Hebrew and Arabic-script blocks: every mark in them is an optional vowel point, haraka or annotation.
_POINTED = ((0x0591, 0x05C7), (0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF))
# Arabic-script letters written differently in Arabic, Persian and Urdu, each folded to one (after NFKD, which has
# split hamza and madda off 'أ', 'ئ', 'ۀ'…); tatweel only stretches a word.
_FOLDED = str.maketrans({
    "\u064a": "\u06cc", "\u0649": "\u06cc",  # Arabic yeh, alef maksura -> Persian yeh
    "\u0643": "\u06a9",  # Arabic kaf -> Persian keheh
    "\u06c1": "\u0647", "\u06d5": "\u0647", "\u0629": "\u0647",  # heh goal, ae, teh marbuta -> heh
    "\u0671": "\u0627",  # alef wasla -> alef
    "\u0640": "",  # tatweel
})
_JOINERS = frozenset({"\u200c", "\u200d"})  # zero-width non-joiner and joiner


@cache
def _script_of(ch: str) -> str:
    return unicodedata.name(ch, "").split(" ")[0]


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def _key_char(ch: str, base: str, after: str) -> str:
    """What one character (after NFKD and casefolding) is in a key: itself, '' or a space (a word break).
    ``base`` is the letter marks sit on ('' when none), ``after`` the last character kept."""
    if _is_mark(ch):
        if base and _script_of(base) not in _ACCENTED:  # a vowel sign, virama, voicing mark…: part of the letter
            return "" if any(low <= ord(ch) <= high for low, high in _POINTED) else ch
        # An accent (a mark with a combining class) is dropped; a spacing mark, which no Latin letter takes, separates
        # words, as every mark not dropped did before names in other scripts were keys (world.sqlite's keys).
        return "" if unicodedata.combining(ch) else " "
    if ch in _JOINERS:  # inside an Indic conjunct (after a virama) it only shapes; elsewhere a word break, as typed
        return "" if after and _is_mark(after) else " "
    if ch.isdecimal():
        return str(unicodedata.decimal(ch))
    return ch if ch.isalnum() else " "


def normalise(name: str) -> str:
    """'Sarāvān' -> 'saravan', 'Koh-i-Sabz' -> 'koh i sabz', 'كراچي' -> 'کراچی': the key names are matched on."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", name).casefold()).translate(_FOLDED)
    out: list[str] = []
    base = after = ""
    for ch in text:
        kept = _key_char(ch, base, after)
        out.append(kept)
        after = kept[-1:] or after
        if not _is_mark(ch):
            base = ch if ch.isalpha() else ""
    return " ".join(unicodedata.normalize("NFC", "".join(out)).split())


def script(key: str) -> str:
    """The script of a key's first letter, by Unicode's name for it ('LATIN', 'ARABIC', 'DEVANAGARI', 'CJK'…);
    '' for a key without letters."""
    if key.isascii():  # most keys: no name lookup needed
        return "LATIN" if any(ch.isalpha() for ch in key) else ""
    return next((_script_of(ch) for ch in key if ch.isalpha()), "")


# Words that say what kind of unit a name is, not which: dropped so 'X Province' matches 'X' (and Natural Earth's
# 'استان سیستان و بلوچستان', Persian for 'Sistan and Baluchestan Province', matches 'سیستان و بلوچستان'). Not Hindi's
# or Bengali's 'pradesh', which is part of names (Uttar Pradesh).
UNIT_WORDS = frozenset({"province", "provinces", "region", "state", "district", "governorate", "division", "oblast",
                        "county", "prefecture", "territory", "department", "of", "the"}
                       | {normalise(word) for word in (
                           "استان", "ایالت",  # Persian: province, state
                           "صوبہ",  # Urdu: province
                           "محافظة", "ولاية", "منطقة", "إقليم",  # Arabic: governorate, state, region, province
                           "область", "край", "республика", "провинция", "провінція", "штат", "округ",  # Russian, Ukrainian
                           "מחוז",  # Hebrew: district
                           "περιφέρεια", "επαρχία",  # Greek: region, province
                           "प्रांत",  # Hindi: province
                       )})


def province_keys(name: str) -> set[str]:
    """The keys a province is found by: its name, and its name without the unit words."""
    key = normalise(name)
    bare = " ".join(word for word in key.split() if word not in UNIT_WORDS)
    return {k for k in (key, bare) if k}
