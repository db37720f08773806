"""Text the ledger accepts: a code, a line or prose, with no control character, of bounded length.

Every text field of a command, and of the values commands carry, has one of these types, so that
no store is handed what it cannot keep (PostgreSQL `text` refuses NUL) and no reader is handed
what it cannot show (escape sequences, a name spread over lines). It is the ledger's policy, not a
rule of the Regulation (docs/adr/0012):

- `Code` and `Line` are one line: numbers, codes, references, names, titles. They refuse every
  control character (Unicode category Cc: U+0000-U+001F, U+007F-U+009F) and the line and
  paragraph separators U+2028 and U+2029.
- `Prose` is free text over several lines: reasons, summaries, notes, texts. It refuses the same
  control characters except the line feed and the tab; a carriage return is refused too, so that
  one text has one spelling of its line breaks.
- Both refuse lone surrogates (U+D800-U+DFFF), which no UTF-8 store or JSON encoder accepts
  (pydantic refuses them itself, as `string_unicode`, wherever a length constraint applies).

Nothing is stripped or rewritten here: valid text is kept exactly as given, so canonical forms and
fingerprints do not change. A stored event is not judged again: the mapper decodes under
`STORED_CONTEXT`, and these checks let what is already recorded load as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Annotated, Any, Final

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

#: The longest code or number, in characters: a ceiling against absurd input, not the rule of a
#: field (an act's number keeps its own 64, a sitting's number its 48 once stripped).
CODE_MAX: Final = 200
#: The longest line, in characters (a name, a title, an outlet): a ceiling, like `CODE_MAX`.
LINE_MAX: Final = 1000
#: The longest prose, in characters (a reason, a summary, an item of an action plan).
PROSE_MAX: Final = 10_000

#: The validation context under which stored events are decoded: recorded facts load as recorded.
STORED: Final = "stored_event"
STORED_CONTEXT: Final[Mapping[str, bool]] = MappingProxyType({STORED: True})

_ONE_LINE: Final = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_PROSE: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _what(char: int) -> str:
    if 0xD800 <= char <= 0xDFFF:
        return "a lone surrogate"
    if char in (0x2028, 0x2029):
        return "a line or paragraph separator"
    return "the control character"


@dataclass(frozen=True)
class TextPolicy:
    """How one kind of text is checked: its longest length and the characters it refuses."""

    kind: str
    max_length: int
    refused: re.Pattern[str]

    def check(self, value: str, info: ValidationInfo) -> str:
        """Return `value` unchanged if it is acceptable text of this kind; refuse it otherwise."""
        context = info.context
        if isinstance(context, Mapping) and context.get(STORED):
            return value
        if len(value) > self.max_length:
            raise PydanticCustomError(
                "text_too_long",
                "expected {kind} of at most {max_length} characters, got {length}",
                {"kind": self.kind, "max_length": self.max_length, "length": len(value)},
            )
        found = self.refused.search(value)
        if found is not None:
            char = ord(found.group())
            raise PydanticCustomError(
                "text_refused_character",
                "{kind} must not contain {what} {char} (at character {index})",
                {
                    "kind": self.kind,
                    "what": _what(char),
                    "char": f"U+{char:04X}",
                    "index": found.start(),
                },
            )
        return value

    def __get_pydantic_core_schema__(
        self, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """The string schema, then this policy's check."""
        return core_schema.with_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The string's JSON schema, with this policy's longest length."""
        json_schema = handler(schema)
        json_schema["maxLength"] = min(
            json_schema.get("maxLength", self.max_length), self.max_length
        )
        return json_schema


CODE = TextPolicy("a code or number (one line)", CODE_MAX, _ONE_LINE)
LINE = TextPolicy("a line of text", LINE_MAX, _ONE_LINE)
PROSE = TextPolicy("prose (line feeds and tabs allowed)", PROSE_MAX, _PROSE)

#: A number, code or short reference: one line of at most `CODE_MAX` characters.
Code = Annotated[str, CODE]
#: A name, title or reference: one line of at most `LINE_MAX` characters.
Line = Annotated[str, LINE]
#: A reason, summary or other free text: lines of at most `PROSE_MAX` characters in all.
Prose = Annotated[str, PROSE]
