"""Finding a client by name, date of birth or phone: normalised keys, index lookups, pages."""

from __future__ import annotations

import random
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from medmassage.accounts.models import Clinic
from medmassage.clients import bench, queries
from medmassage.clients.models import Client, index_names
from medmassage.clients.search import SearchTerms, build_terms, name_key, phone_key
from medmassage.clients.services import create_client
from tests.builders import actor
from tests.cast import Cast, logged_in


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Lovelace", "lovelace"),
        ("  ÁNGEL  ", "angel"),
        ("O'Néill-Smith", "oneill smith"),
        ("O\u2019Brien", "obrien"),  # a typographic apostrophe
        ("Zoë  Ann", "zoe ann"),
        ("Straße", "strasse"),
        ("van_der Berg", "van der berg"),
        ("%_*?[", ""),
    ],
)
def test_name_keys_ignore_case_accents_and_punctuation(typed: str, key: str) -> None:
    assert name_key(typed) == key


def test_phone_keys_are_the_digits_reversed() -> None:
    assert phone_key("+1 (555) 010-0123") == "32100105551"
    assert phone_key("") == ""


@pytest.mark.parametrize(
    ("q", "terms"),
    [
        ("Ada Lov", SearchTerms(name_words=("ada", "lov"))),
        ("1980-12-10", SearchTerms(date_of_birth=date(1980, 12, 10))),
        ("555-0100", SearchTerms(phone="0010555")),
        ("12", SearchTerms(name_words=("12",))),  # too few digits for a phone
        ("1980-13-40", SearchTerms(phone="04310891")),  # no such date: the digits of a phone
    ],
)
def test_the_search_box_understands_names_dates_and_phones(q: str, terms: SearchTerms) -> None:
    assert build_terms(q=q) == terms


@pytest.fixture
def roster(cast: Cast) -> dict[str, Client]:
    people = [
        ("Ángela", "Lovett", date(1991, 3, 4), "+1 416 555 0133", ""),
        ("Loïc", "Martin", date(1980, 12, 10), "416-555-0177", "Lou"),
        ("Grace", "O'Neill", date(1975, 6, 1), "", ""),
        ("Adam", "Lovelace", date(1980, 12, 10), "555 0999", ""),
    ]
    made = {
        family: create_client(
            by=actor(cast.therapist),
            given_name=given,
            family_name=family,
            date_of_birth=born,
            phone=phone,
            preferred_name=preferred,
        )
        for given, family, born, phone, preferred in people
    }
    # The other clinic has namesakes that must never be found.
    create_client(
        by=actor(cast.outsider),
        given_name="Ada",
        family_name="Lovelock",
        date_of_birth=date(1980, 12, 10),
        phone="416 555 0133",
    )
    return made


def found(clinic: Clinic, **terms: object) -> list[str]:
    return [c.full_name for c in queries.search_clients(clinic, build_terms(**terms))]  # type: ignore[arg-type]


def test_a_name_prefix_finds_given_family_and_preferred_names(
    cast: Cast, roster: dict[str, Client]
) -> None:
    assert found(cast.clinic, q="lov") == ["Ada Lovelace", "Adam Lovelace", "Ángela Lovett"]
    assert found(cast.clinic, q="ANGE") == ["Ángela Lovett"]
    assert found(cast.clinic, q="lou") == ["Loïc Martin"]
    assert found(cast.clinic, q="oneil") == ["Grace O'Neill"]
    assert found(cast.clinic, q="o'neil") == ["Grace O'Neill"]


def test_every_word_must_begin_a_name(cast: Cast, roster: dict[str, Client]) -> None:
    assert found(cast.clinic, q="ada lov") == ["Ada Lovelace", "Adam Lovelace"]
    assert found(cast.clinic, q="lovelace adam") == ["Adam Lovelace"]
    assert found(cast.clinic, q="ada ovelace") == []


def test_a_date_of_birth_is_matched_exactly(cast: Cast, roster: dict[str, Client]) -> None:
    assert found(cast.clinic, dob=date(1980, 12, 10)) == [
        "Ada Lovelace",
        "Adam Lovelace",
        "Loïc Martin",
    ]
    assert found(cast.clinic, q="1980-12-10") == found(cast.clinic, dob=date(1980, 12, 10))


def test_a_phone_is_found_by_its_last_digits_however_written(
    cast: Cast, roster: dict[str, Client]
) -> None:
    assert found(cast.clinic, phone="0133") == ["Ángela Lovett"]
    assert found(cast.clinic, phone="(416) 555-0133") == ["Ángela Lovett"]
    assert found(cast.clinic, phone="555 0100") == ["Ada Lovelace"]
    assert found(cast.clinic, q="555-0177") == ["Loïc Martin"]


def test_terms_combine(cast: Cast, roster: dict[str, Client]) -> None:
    assert found(cast.clinic, q="lov", dob=date(1980, 12, 10)) == ["Ada Lovelace", "Adam Lovelace"]
    assert found(cast.clinic, q="adam", phone="0999") == ["Adam Lovelace"]


def test_wildcards_typed_are_plain_characters(cast: Cast, roster: dict[str, Client]) -> None:
    assert found(cast.clinic, q="l%") == found(cast.clinic, q="l")
    assert found(cast.clinic, q="*") == queries_all_names(cast)


def queries_all_names(cast: Cast) -> list[str]:
    return [c.full_name for c in queries.list_clients(cast.clinic)]


def test_a_word_inside_a_name_is_found(cast: Cast, roster: dict[str, Client]) -> None:
    by = actor(cast.therapist)
    create_client(
        by=by, given_name="Mary Ann", family_name="Evans", date_of_birth=date(1919, 11, 22)
    )
    create_client(
        by=by, given_name="Anna", family_name="van den Berg", date_of_birth=date(1970, 3, 3)
    )

    assert found(cast.clinic, q="berg") == ["Anna van den Berg"]
    assert "Mary Ann Evans" in found(cast.clinic, q="ann")
    assert found(cast.clinic, q="ann evans") == ["Mary Ann Evans"]


def test_a_renamed_client_is_found_by_the_new_name_only(
    cast: Cast, roster: dict[str, Client]
) -> None:
    client = Client.objects.for_clinic(cast.clinic).get(pk=roster["Lovelace"].pk)
    client.family_name = "Byron"
    client.save()

    assert client.full_name in found(cast.clinic, q="byron")
    assert client.full_name not in found(cast.clinic, q="lovelace")


def test_search_never_crosses_clinics(cast: Cast, roster: dict[str, Client]) -> None:
    assert "Ada Lovelock" not in found(cast.clinic, q="lov")
    assert found(cast.other_clinic, q="lov") == ["Ada Lovelock"]


@pytest.fixture
def crowd(cast: Cast, roster: dict[str, Client]) -> None:
    """Thousands of synthetic clients in both clinics, with planner statistics as in use."""
    rng = random.Random(7)
    for clinic in (cast.clinic, cast.other_clinic):
        batch = [bench.synthetic_client(clinic, rng) for _ in range(3000)]
        for client in batch:
            client.fill_search_keys()
        Client.objects.for_clinic(clinic).bulk_create(batch)
        index_names(batch)
    if connection.vendor == "postgresql":  # autovacuum's work; SQLite has the migration's
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE clients_client")
            cursor.execute("ANALYZE clients_clientnameword")


def test_each_search_is_an_index_lookup(cast: Cast, crowd: None) -> None:
    plans = {
        "name": queries.search_clients(cast.clinic, build_terms(q="lovel")).explain(),
        "two words": queries.search_clients(cast.clinic, build_terms(q="ada lovel")).explain(),
        "birth": queries.search_clients(cast.clinic, build_terms(dob=date(1980, 12, 10))).explain(),
        "phone": queries.search_clients(cast.clinic, build_terms(phone="0133")).explain(),
    }

    # A name is looked up in the words' index (one range per word typed), then the clients
    # found by their primary key: no walk of the clinic's clients or their name keys.
    for search in ("name", "two words"):
        assert "client_name_word" in plans[search], plans[search]
        for index in (
            "client_family_key",
            "client_given_key",
            "client_preferred_key",
            "clients_client_clinic_id",  # the clinic's clients, all of them
        ):
            assert index not in plans[search], plans[search]
    assert "client_birth" in plans["birth"], plans["birth"]
    assert "client_phone_key" in plans["phone"], plans["phone"]
    assert "client_by_name" not in "".join(plans.values())


def test_a_page_of_a_large_clinic_is_found(cast: Cast, crowd: None) -> None:
    page = queries.get_client_page(
        queries.search_clients(cast.clinic, build_terms(q="a")), 2, size=25
    )

    assert page.paginator.count > 100
    assert len(page.object_list) == 25
    assert all(c.clinic_id == cast.clinic.pk for c in page.object_list)


def test_the_list_page_searches_and_pages(cast: Cast, roster: dict[str, Client]) -> None:
    for number in range(30):
        create_client(
            by=actor(cast.therapist),
            given_name=f"Zed{number:02d}",
            family_name="Zimmer",
            date_of_birth=date(1990, 1, 1),
        )
    browser = logged_in(cast.front_desk)

    first = browser.post(reverse("clients:list"), {"q": "zimmer"}).content.decode()
    second = browser.post(reverse("clients:list"), {"q": "zimmer", "page": 2}).content.decode()

    assert "30 clients found" in first
    assert "Zed00" in first
    assert "Zed24" in first
    assert "Zed25" not in first
    assert "Zed25" in second
    assert "Zed29" in second
    assert "Page 2 of 2" in second


def test_htmx_gets_the_results_alone(cast: Cast, roster: dict[str, Client]) -> None:
    response = logged_in(cast.therapist).post(
        reverse("clients:list"), {"q": "lov"}, headers={"HX-Request": "true"}
    )

    page = response.content.decode()
    assert "<html" not in page
    assert "Lovett" in page
    assert "Martin" not in page
    assert "HX-Request" in response["Vary"]


def test_the_list_page_explains_a_bad_date(cast: Cast) -> None:
    page = logged_in(cast.therapist).post(reverse("clients:list"), {"dob": "10/12"})

    assert 'data-field="dob"' in page.content.decode()


@pytest.mark.parametrize("who", ["owner", "therapist", "front_desk"])
def test_the_outsider_clinic_is_never_listed(
    cast: Cast, roster: dict[str, Client], who: str
) -> None:
    page = logged_in(getattr(cast, who)).post(reverse("clients:list"), {"q": "lov"})

    assert "Lovelock" not in page.content.decode()
    assert (
        "Hopper" not in logged_in(getattr(cast, who)).get(reverse("clients:list")).content.decode()
    )


def test_the_benchmark_runs_and_keeps_nothing(cast: Cast) -> None:
    out = StringIO()
    clinics = Clinic.objects.count()

    call_command("bench_client_search", clients=300, samples=3, stdout=out)

    report = out.getvalue()
    for search in ("name prefix", "date of birth", "phone"):
        assert search in report
    assert "scan (baseline)" in report
    assert "median ms" in report
    assert Clinic.objects.count() == clinics
    assert Client.objects.for_clinic(cast.clinic).count() == 1


def test_a_search_in_the_address_is_ignored(cast: Cast, roster: dict[str, Client]) -> None:
    page = logged_in(cast.therapist).get(reverse("clients:list"), {"q": "lov"}).content.decode()

    assert "found" not in page
    assert "Martin" in page  # the whole list, not the search
