"""Chunks made apart from each other: local ids and numbers, relabeled once the chunk's place is known.

The seed makes most of its rows in chunks that two processes generate at the same time
(demo/seed.py). A chunk cannot know which ids and document numbers are its own until every chunk
before it is made, so it is made with local ones: ids counted from LOCAL, numbers such as
"PO\\x1f7\\x1f" (the 8th PO number of the chunk). Nothing random depends on an id or a number, so
the chunk comes out the same whatever they are. Once the chunks before it are counted, `relabel`
moves every local id and number to its place: the ids and numbers of the whole run are
consecutive, as if one process had made every chunk in order.
"""
import itertools
import re

from demo.rows import MODELS, WITH_IDS
from orders.models import Note, OrderGroup, ReturnForm

LOCAL = 1 << 60  # local ids count from here; a real id is far below it
MARK = "\x1f"  # brackets the position of a local number; never in generated text, checked before writing
_LOCAL_NUMBER = re.compile(f"([A-Z]+){MARK}([0-9]+){MARK}")

# Every column that holds an id the chunk hands out: the primary key, and the foreign keys to a
# table whose ids are handed out (a local value is relabeled, an id from before the chunk is kept).
_ID_COLUMNS = {
    model: [(field.attname, (field.related_model if field.is_relation else model)._meta.label)
            for field in model._meta.concrete_fields
            if (field.primary_key and model in WITH_IDS) or (field.is_relation and field.related_model in WITH_IDS)]
    for model in MODELS
}
# Every column in which the generator writes a document number.
NUMBERED_COLUMNS = {OrderGroup: ("number", "source_cart_number"), ReturnForm: ("number",), Note: ("detail",)}


class LocalIds(dict):
    """model -> itertools.count from LOCAL: what Generator.begin takes, for one chunk."""

    def __init__(self):
        super().__init__({model: itertools.count(LOCAL) for model in WITH_IDS})

    def used(self) -> dict[str, int]:
        """How many ids of each table (by label) the chunk took. Call once, at the end."""
        return {model._meta.label: next(counter) - LOCAL for model, counter in self.items()}


class LocalNumbers:
    """Document numbers of one chunk, by their position in it (what Generator.numbers takes)."""

    def __init__(self, prefixes):
        self.next = dict.fromkeys(prefixes, 0)

    def take(self, prefix: str) -> str:
        value = self.next[prefix]
        self.next[prefix] = value + 1
        return f"{prefix}{MARK}{value}{MARK}"

    def used(self) -> dict[str, int]:
        return dict(self.next)


class Place:
    """The next free id of each table and number of each prefix, as the chunks are placed in order."""

    def __init__(self, ids: dict[str, int], numbers: dict[str, int]):
        self.ids, self.numbers = dict(ids), dict(numbers)

    def take(self, used_ids: dict[str, int], used_numbers: dict[str, int]) -> tuple[dict, dict]:
        """Place the next chunk: return where its ids and numbers start, and move past them."""
        starts = dict(self.ids), dict(self.numbers)
        for label, count in used_ids.items():
            self.ids[label] += count
        for prefix, count in used_numbers.items():
            self.numbers[prefix] += count
        return starts


def relabel(batch, id_starts: dict[str, int], number_starts: dict[str, int]) -> None:
    """Move the batch's local ids and numbers to the chunk's place (starts from Place.take)."""
    for model, rows in batch.rows.items():
        if not rows:
            continue
        for name, label in _ID_COLUMNS[model]:
            shift = id_starts[label] - LOCAL
            for row in rows:
                value = getattr(row, name)
                if value is not None and value >= LOCAL:
                    setattr(row, name, value + shift)
        for name in NUMBERED_COLUMNS.get(model, ()):
            def placed(match):
                return f"{match[1]}{number_starts[match[1]] + int(match[2])}"
            for row in rows:
                text = getattr(row, name)
                if MARK in text:
                    setattr(row, name, _LOCAL_NUMBER.sub(placed, text))


def unplaced(payload: dict) -> list[str]:
    """The tables of an encoded batch (writers.encode) that still hold a local number: none, or a bug."""
    found = []
    for label, data in payload.items():
        if isinstance(data, bytes):
            if MARK.encode() in data:
                found.append(label)
        elif any(MARK in value for row in data for value in row if isinstance(value, str)):
            found.append(label)
    return found
