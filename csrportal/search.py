"""The portal's search semantics (DESIGN.md section 5), compiled to SQL that an index serves.

Name searches are prefix matches in which `%` is a wildcard: "tay" finds "Taylor Hayes",
"%tay" also finds "Mercy Taylor". They compile to UPPER(col) LIKE 'TAY%', the expression the
PostgreSQL pattern and trigram indexes are built on. Emails match exactly, ignoring case, as
LOWER(col) = 'x@y.z', the expression of their index.
"""
from django.db.models import CharField, Lookup
from django.db.models.functions import Lower


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
