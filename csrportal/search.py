"""The portal's search semantics (docs/domain.md §5), compiled to SQL that an index serves.

Name searches are prefix matches in which `%` is a wildcard: "tay" finds "Taylor Hayes",
"%tay" also finds "Mercy Taylor". They compile to UPPER(col) LIKE 'TAY%', the expression the
PostgreSQL pattern and trigram indexes are built on. Emails match exactly, ignoring case, as
LOWER(col) = 'x@y.z', the expression of their index.

Letters beyond ASCII ("björn", "%ståhl", "MÅRTEN") match the same on both databases: PostgreSQL's
UPPER knows them, SQLite's built-in UPPER and LOWER do not, so every SQLite connection gets
Python's (use_unicode_case, connected in CsrPortalConfig.ready). The SQL stays the same, so the
PostgreSQL indexes on UPPER(col) still serve it.
"""
import re

from django.db.models import CharField, Lookup, Q
from django.db.models.functions import Lower


def _upper(value):
    return None if value is None else str(value).upper()


def _lower(value):
    return None if value is None else str(value).lower()


def use_unicode_case(sender, connection, **kwargs):
    """connection_created receiver: SQLite's UPPER and LOWER as Python's, which know every letter."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("UPPER", 1, _upper, deterministic=True)
        connection.connection.create_function("LOWER", 1, _lower, deterministic=True)


def like_pattern(text: str) -> str:
    """The user's text as a LIKE pattern: `%` stays a wildcard, `_` and `\\` are literal."""
    escaped = text.strip().replace("\\", "\\\\").replace("_", "\\_")
    return escaped.upper() + "%"


@CharField.register_lookup
class UpperLike(Lookup):
    """`name__upper_like=like_pattern(text)` -> UPPER(name) LIKE PATTERN ESCAPE '\\'."""

    lookup_name = "upper_like"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"UPPER({lhs}) LIKE {rhs} ESCAPE '\\'", [*lhs_params, *rhs_params]


def name_like(queryset, field: str, text: str):
    return queryset.filter(**{f"{field}__upper_like": like_pattern(text)})


def email_is(queryset, field: str, email: str):
    return queryset.alias(**{f"_{field}_lower": Lower(field)}).filter(**{f"_{field}_lower": email.strip().lower()})


def number_typed(text: str, prefixes) -> list[str] | None:
    """The numbers a search may mean, or None if it is not a number: "po12823" -> ["PO12823"], and
    digits alone after each of the kind's prefixes ("12823" -> ["PO12823", "EO12823"])."""
    typed = text.strip().upper()
    if re.fullmatch(r"[0-9]+", typed):
        return [prefix + typed for prefix in prefixes]
    if any(re.fullmatch(re.escape(prefix) + r"[0-9]+", typed) for prefix in prefixes):
        return [typed]
    return None


def number_is(queryset, text: str, prefixes):
    """Exact when such a number exists, otherwise every number that starts with what was typed
    (a CSR still typing). Both are served by the number's unique (and pattern) index."""
    candidates = number_typed(text, prefixes) or [text.strip().upper()]
    exact = queryset.filter(number__in=candidates)
    if exact.exists():
        return exact
    starts = Q()
    for candidate in candidates:
        starts |= Q(number__startswith=candidate)
    return queryset.filter(starts)
