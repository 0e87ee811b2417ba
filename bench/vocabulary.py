"""Words of the generated corpus: a ranked common vocabulary, a long tail, names, phrases.

Word frequencies follow Zipf's law (the n-th word about 1/n^1.07 as often as the
first), as in real English prose: a few words are in every document, most are rare.
The tail is made of pronounceable invented words built from a fixed seed, so that
every seed shares the same vocabulary and the benchmark queries stay meaningful.
"""

from __future__ import annotations

import functools
import itertools
import random

#: Zipf exponent of the word distribution (about 1 for English prose).
ZIPF_EXPONENT = 1.07
#: How many invented words make the long tail.
TAIL_SIZE = 40_000
#: The tail is the same for every corpus seed.
TAIL_SEED = 20_150_605


def split_words(text: str) -> tuple[str, ...]:
    """The words of a whitespace-separated list (long lists read better as text)."""
    return tuple(text.split())


#: The words of privacy documents, most frequent first (a rough rank order).
COMMON_WORDS = split_words(
    """
    the of and to information in a or is for by that be with as are this on will
    dhs system individuals data any may not from an which pii records it their
    other use personal privacy access have used has been program such under
    security law enforcement all authorized users also purpose who sharing
    collected only its federal these agency if at would risk can must retention
    mitigation public notice within personnel department through collection
    required provide individual part shared maintained into identifying
    including agencies policy those stored identity each review name analysis
    policies accordance act database applicable purposes date there records
    further office process request account more should when need investigation
    retained use training oversight external consistent being assessment
    procedures about was original new support business documents component
    compliance contractors case source sources per year years audit audits
    mission appropriate describe ensure risks legal limited authority redress
    identifiers addresses birth address number numbers ensure correction
    accuracy technical administrative safeguards physical controls role based
    sensitive unclassified encrypted network report reports reporting schedule
    disposition archives approved general state local tribal foreign partners
    governments officials criminal immigration customs border travel travelers
    cargo vessel aviation screening vetting benefits applicants employees
    contractors members intelligence homeland investigative operational field
    headquarters specific relevant routine uses disclosure disclosed exemption
    exempt exemptions statute regulation regulations authorities memorandum
    understanding agreement agreements interconnection transmission mobile
    application interface web portal electronic paper forms form fields
    photograph biometric fingerprints medical financial employment education
    citizenship status visa passport alien registration social security
    telephone email contact emergency location geolocation vehicle plate
    images video audio surveillance monitoring incidents incident response
    breach notification consent opt decline voluntary mandatory collection
    minimization limitation specification transparency participation quality
    integrity accountability auditing principles fair practices module
    """
)

#: Names of contact points and program managers; a name is in a few documents only.
FIRST_NAMES = split_words(
    """
    Aaron Abigail Adrian Alicia Amir Ana Andrea Anil Ayesha Beatriz Benjamin
    Bridget Camila Carlos Chen Chiara Daniel Deborah Dmitri Elena Emeka Farah
    Fatima Felipe Gabriel Grace Hannah Hiroshi Ibrahim Imani Isabel Jamal Javier
    Joanna Jonah Julia Kamala Keisha Kenji Laila Lars Leticia Lucas Malik Maria
    Mateo Mei Miguel Nadia Naomi Nikhil Olga Omar Priya Rafael Rosa Samuel Sofia
    Tariq Teresa Thomas Uma Victor Wei Yusuf Zara
    """
)
SURNAMES = split_words(
    """
    Abernathy Acheampong Adeyemi Albrecht Alvarado Amundsen Andersson Appiah
    Arbuckle Bachmann Balogun Banerjee Barros Beaumont Bergstrom Bhattacharya
    Blackwood Bogdanov Brennan Calloway Castellanos Chakraborty Cienfuegos
    Castellano Dalgaard Delacroix Dimitrov Donnelly Dubois Eberhardt Ekwueme
    Esposito Fairweather Fitzgerald Fonseca Gallagher Gonsalves Grabowski
    Gutierrez Halvorsen Hashimoto Hendricks Ibarra Iwasaki Jankowski Jorgensen
    Kaminski Kapoor Kowalczyk Kuznetsov Lachance Lindqvist Lombardi MacAllister
    Magnusson Mbeki Mendoza Moreau Nakamura Nwachukwu Oyelaran Okonkwo
    Ostrowski Pacheco Papadopoulos Pemberton Quiroga Radcliffe Ramaswamy Reinholt
    Rosenthal Saavedra Sandoval Schreiber Sokolova Stavros Sutherland Takahashi
    Thibodeaux Trujillo Underwood Valenzuela Vasquez Villanueva Wakefield
    Weatherby Whitaker Wojcik Yamamoto Yilmaz Zamora Zielinski
    """
)

#: Phrases planted in a known share of versions: searching them has a known answer.
PLANTED_PHRASES = {
    "license plate reader": 0.02,
    "facial recognition": 0.05,
    "social media": 0.10,
    "commercial data": 0.15,
}

#: A word that no generated document contains (the tail never uses the letter x).
NO_HIT_WORD = "vexillology"

_ONSETS = split_words("b br d dr f g gr k l m n p r s st t tr v w h sh ch th pl cl")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "io", "ou")
_CODAS = ("", "", "", "n", "r", "l", "s", "m", "nd", "rt", "st", "ck")


@functools.cache
def tail_words() -> tuple[str, ...]:
    """The long tail: ``TAIL_SIZE`` invented words, the same on every call."""
    rng = random.Random(TAIL_SEED)
    known = set(COMMON_WORDS) | {NO_HIT_WORD}
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < TAIL_SIZE:
        syllables = rng.choice((2, 2, 3, 3, 3, 4))
        word = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
            for _ in range(syllables)
        )
        if word not in seen and word not in known:
            seen.add(word)
            words.append(word)
    return tuple(words)


@functools.cache
def ranked_vocabulary() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Every word, most frequent first, with cumulative Zipf weights for ``choices``."""
    words = tuple(dict.fromkeys(COMMON_WORDS)) + tail_words()
    weights = (1.0 / rank**ZIPF_EXPONENT for rank in range(1, len(words) + 1))
    return words, tuple(itertools.accumulate(weights))


def rare_word() -> str:
    """A tail word in fewer than one short document in a hundred: the rare query."""
    return tail_words()[8_000]
