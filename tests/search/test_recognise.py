"""How the search box reads what was typed (csrportal.quick_search.recognise): no database."""
import pytest

from csrportal.quick_search import Query, recognise


def test_digits_alone_are_a_number_of_every_kind_with_its_prefix():
    query = recognise(" 10042 ")
    assert query.text == "10042"
    assert query.numbers(("PO", "EO")) == ["PO10042", "EO10042"]
    assert query.numbers(("C",)) == ["C10042"]
    assert (query.email, query.phone, query.tracking, query.name) == ("", "", "", "")


@pytest.mark.parametrize("typed", ["PO10042", "po10042", " Po10042 "])
def test_a_number_with_its_prefix_names_that_kind_only(typed):
    query = recognise(typed)
    assert query.numbers(("PO", "EO")) == ["PO10042"]
    assert query.numbers(("C",)) == []
    assert query.numbers(("PP",)) == []
    assert query.name == ""


def test_a_cart_and_a_subscription_number_name_their_kind():
    assert recognise("c10001").numbers(("C",)) == ["C10001"]
    assert recognise("PP10001").numbers(("PP",)) == ["PP10001"]
    assert recognise("PP10001").numbers(("PO", "EO")) == []


@pytest.mark.parametrize("typed, email", [("Mercy@Example.com", "mercy@example.com"), ("mercy@", "mercy@")])
def test_text_with_an_at_sign_is_an_email_in_lower_case_and_nothing_else(typed, email):
    query = recognise(typed)
    assert query.email == email
    assert (query.phone, query.tracking, query.name) == ("", "", "")
    assert query.numbers(("PO",)) == []


@pytest.mark.parametrize("typed, digits", [
    ("+1 555-123-4567", "15551234567"),
    ("(555) 123-4567", "5551234567"),
    ("555.123.4567", "5551234567"),
    ("070-123 45 67", "701234567"),  # the trunk zero of a national number is not in the stored one
    ("+46 70-123 45 67", "46701234567"),
    ("5551234567", "5551234567"),
])
def test_a_phone_number_is_its_digits(typed, digits):
    assert recognise(typed).phone == digits


@pytest.mark.parametrize("typed", ["10042", "123456", "555-12", "1234567890123456", "PO5551234567", "tel 5551234"])
def test_too_few_or_too_many_digits_or_letters_are_no_phone_number(typed):
    assert recognise(typed).phone == ""


@pytest.mark.parametrize("typed, tracking", [("1z4f0a9c3b2e", "1Z4F0A9C3B2E"), ("940011189922", "940011189922")])
def test_one_word_of_eight_or_more_letters_and_digits_is_a_tracking_number(typed, tracking):
    assert recognise(typed).tracking == tracking


@pytest.mark.parametrize("typed", ["1Z999", "ABCDEFGHIJ", "1Z4F 0A9C", "1Z4F-0A9C3B"])
def test_short_digitless_or_spaced_words_are_no_tracking_number(typed):
    assert recognise(typed).tracking == ""


@pytest.mark.parametrize("typed", ["ta", "tay", "Taylor Hayes", "%tay", "björn", "O'Brien", "de la Cruz"])
def test_letters_without_digits_or_at_sign_are_a_name(typed):
    assert recognise(typed).name == typed


@pytest.mark.parametrize("typed", ["t", "%ta", "%", "tay1", "a@b", "--", "  "])
def test_a_name_needs_two_letters_three_after_a_leading_wildcard_and_no_digit(typed):
    assert recognise(typed).name == ""


def test_inner_spaces_are_one_and_empty_text_is_no_query():
    assert recognise("  Taylor    Hayes ").text == "Taylor Hayes"
    assert recognise("   ") == Query(text="")
