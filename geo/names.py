"""How place names are compared: the same key for every spelling a curator may type.

'Sarāvān' and 'SARAVAN' give 'saravan'; 'Koh-i-Sabz' gives 'koh i sabz'. Province names also match without
the generic word around them ('Balochistan province', 'Province of Balochistan').
"""

from __future__ import annotations

import unicodedata

# Words that say what kind of unit a name is, not which: dropped so 'X Province' matches 'X'.
UNIT_WORDS = frozenset({"province", "provinces", "region", "state", "district", "governorate", "division", "oblast",
                        "county", "prefecture", "territory", "department", "of", "the"})


def normalise(name: str) -> str:
    """'Sarāvān' -> 'saravan', 'Koh-i-Sabz' -> 'koh i sabz': the key names are matched on."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(letters.casefold().split())


def province_keys(name: str) -> set[str]:
    """The keys a province is found by: its name, and its name without the unit words."""
    key = normalise(name)
    bare = " ".join(word for word in key.split() if word not in UNIT_WORDS)
    return {k for k in (key, bare) if k}
