"""Indicator names compared across the places a report prints them.

A scoring table prints ``决策`` where the narrative says ``项目决策类指标`` and
an annex ``“A1 项目立项”``. Linking statements to rows (``projects``) and
deciding whether a statement really speaks of a row (the validator) must
agree on when two printed names are the same name, so both use this module.

Method, step by step:

1. ``name_key``: NFKC, then whitespace, quotes and colons removed, then any
   leading numbering (``1.``, ``（2）``, ``三、``, ``①``) and a leading code
   (``B221``) cut off. Two names with the same key are the same name.
2. ``loose_key``: the key without the words reports wrap around a name — a
   leading ``项目`` and a trailing ``类指标`` / ``指标`` / ``类`` / ``情况`` —
   each removed only when at least two characters remain, so ``项目`` or
   ``情况`` alone stay names.
3. ``same_name``: equal keys, or equal loose keys. No containment: the row
   ``补贴资金拨付足额情况`` is not the same name as the sentence's
   ``市口岸办补贴资金拨付足额情况`` (a different, more specific indicator).
"""

from __future__ import annotations

import regex

from extractors.numbers import normalize

_NOISE = regex.compile(r"[\s“”\"'‘’《》「」『』:：]")
_PREFIX = regex.compile(
    r"""^(?:\d{1,2}(?:\.\d{1,2})*[.、](?!\d)      # 1.  1.2、
      | [(]\s*[0-9一二三四五六七八九十]{1,3}\s*[)]   # (2) (二)   (NFKC folds （）)
      | [一二三四五六七八九十]{1,3}[、.]           # 三、
      | [①-⑳]
      | [A-Z]\d{0,4}(?![A-Za-z])                  # A / B221 before the name
    )+""",
    regex.VERBOSE,
)
_WRAP_HEAD = "项目"
_WRAP_TAILS = ("类指标", "指标", "类", "情况")
_MIN_LEFT = 2  # a loose key never shrinks below two characters


def name_key(name: str) -> str:
    """The name without spacing, quotes, numbering or code (method, step 1)."""
    return _PREFIX.sub("", _NOISE.sub("", normalize(name)))


def loose_key(name: str) -> str:
    """``name_key`` without a leading 项目 and trailing 类/指标/情况 (method, step 2)."""
    key = name_key(name)
    previous = None
    while previous != key:
        previous = key
        if key.startswith(_WRAP_HEAD) and len(key) - len(_WRAP_HEAD) >= _MIN_LEFT:
            key = key[len(_WRAP_HEAD) :]
        for tail in _WRAP_TAILS:
            if key.endswith(tail) and len(key) - len(tail) >= _MIN_LEFT:
                key = key[: -len(tail)]
                break
    return key


def same_name(a: str, b: str) -> bool:
    """True when two printed names denote the same indicator (method, step 3)."""
    return name_key(a) == name_key(b) or loose_key(a) == loose_key(b)
