"""Reading a form's answer in tests: the message beside a field, as Django's BoundField draws it."""
import html


def assert_refused_beside(body: str, form_id: str, field: str, message: str | tuple, *, marked: bool = True):
    """The error beside the field `<form_id>-<field>` says `message` (or one of several), and the
    field is marked invalid and points at it (radio buttons, not `marked`, are described on their fieldset)."""
    field_id = f"{form_id}-{field}"
    assert f'id="{field_id}_error" role="alert">' in body, f"no error beside {field_id}"
    error = body[body.index(f'id="{field_id}_error"'):]
    error = html.unescape(error[:error.index("</p>")])
    messages = message if isinstance(message, tuple) else (message,)
    assert any(text in error for text in messages), error
    if marked:
        assert f'aria-invalid="true" aria-describedby="{field_id}_error"' in body
