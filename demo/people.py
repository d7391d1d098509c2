"""Customers, address books, B2B organizations and anonymous buyers for the demo.

Faker is far too slow to call for every one of 100,000 customers, so it fills small pools per
country once (names, streets, cities, phones, companies, seeded) and the generator combines
them with its own seeded random.Random: a million combinations in seconds, the same ones for
the same seed.
"""
import dataclasses
import datetime
import random
from collections import defaultdict

from faker import Faker

from customers.models import Address, Customer, Organization
from demo.factories.customers import CustomerGroupFactory, ascii_slug
from demo.rows import AddressRow, CustomerRow, OrganizationRow

LOCALES = {"US": "en_US", "SE": "sv_SE", "DE": "de_DE", "AT": "de_AT", "JP": "ja_JP"}
POOL_SIZE = 250
DOMAINS = ["example.com", "example.net", "example.org"]
SECTION_NAMES = ["Purchasing", "Marketing", "IT", "Facilities", "Research", "Sales", "Logistics"]
# The README's search examples: `tay` finds "Taylor Hayes", and `%tay` also finds "Mercy Taylor".
# Every demo has them: the first customers a run makes, in the US, with a purchase order each.
EXAMPLE_CUSTOMERS = [("Taylor", "Hayes"), ("Mercy", "Taylor")]
EXAMPLE_COUNTRY = "US"


@dataclasses.dataclass(slots=True)
class Person:
    """A buyer as the generator needs them: a customer, or an anonymous visitor (id None)."""

    id: int | None
    first_name: str
    last_name: str
    email: str
    phone: str
    country: str
    addresses: list  # tuples in PostalAddress.ADDRESS_FIELDS order
    billing: int = 0  # index of the preferred billing address
    shipping: int = 0
    organization_id: int | None = None  # the top-level organization of a B2B buyer
    organization_name: str = ""
    section: tuple | None = None  # (id, name) of the section they buy for

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclasses.dataclass(slots=True)
class Company:
    id: int
    name: str
    country: str
    sections: list  # (id, name)


class Pools:
    """Names, streets, cities and phones per country, drawn once from Faker."""

    def __init__(self, seed: int, countries):
        self.by_country = {}
        for country in countries:
            fake = Faker(LOCALES.get(country, "en_US"))
            fake.seed_instance(seed)
            japanese = country == "JP"
            self.by_country[country] = {
                "first": [fake.first_romanized_name() if japanese else fake.first_name() for _ in range(POOL_SIZE)],
                "last": [fake.last_romanized_name() if japanese else fake.last_name() for _ in range(POOL_SIZE)],
                "street": [self._street(fake, country) for _ in range(POOL_SIZE)],
                "city": [self._city(fake, country) for _ in range(POOL_SIZE)],
                "phone": [self._phone(fake, country) for _ in range(POOL_SIZE)],
                "company": [fake.company() for _ in range(POOL_SIZE // 2)],
            }

    @staticmethod
    def _street(fake, country):
        if country == "JP":
            return f"{fake.town()}{fake.chome()}{fake.ban()}{fake.gou()}"
        return fake.street_address()

    @staticmethod
    def _city(fake, country):
        """(city, region, postal code)."""
        if country == "JP":
            return fake.city(), fake.prefecture(), fake.zipcode()
        if country == "US":
            return fake.city(), fake.state_abbr(), fake.zipcode()
        return fake.city(), "", fake.postcode()

    @staticmethod
    def _phone(fake, country):
        patterns = {"US": "+1 ###-###-####", "SE": "+46 7#-### ## ##", "DE": "+49 15# #######",
                    "AT": "+43 66# ######", "JP": "+81 90-####-####"}
        return fake.numerify(patterns.get(country, "+1 ###-###-####"))

    def __getitem__(self, country):
        return self.by_country[country]


class People:
    """Makes buyers and addresses from the pools; remembers emails so that none repeats."""

    def __init__(self, rng: random.Random, pools: Pools, used_emails: set[str], examples=()):
        self.rng = rng
        self.pools = pools
        self.used_emails = used_emails
        self.examples = list(examples)  # (first, last) of the README's examples still to make
        self.featured = []  # the examples made: each is the buyer of one of the next purchase orders

    def name(self, country):
        pool = self.pools[country]
        return self.rng.choice(pool["first"]), self.rng.choice(pool["last"])

    def email(self, first, last, *, unique=True):
        local = ascii_slug(f"{first} {last}")
        domain = self.rng.choice(DOMAINS)
        email = f"{local}@{domain}"
        while unique and email in self.used_emails:
            email = f"{local}{self.rng.randint(2, 9999)}@{domain}"
        if unique:
            self.used_emails.add(email)
        return email

    def address(self, country, first, last, *, organization="", phone="", email=""):
        pool = self.pools[country]
        city, region, postal_code = self.rng.choice(pool["city"])
        line2 = f"Apt {self.rng.randint(1, 40)}" if country == "US" and self.rng.random() < 0.15 else ""
        return (first, last, organization, self.rng.choice(pool["street"]), line2, city, region, postal_code, country,
                phone, email)

    def anonymous(self, country) -> Person:
        """A visitor who checks out as a guest: no customer row, their name and email on the order."""
        first, last = self.name(country)
        email = self.email(first, last, unique=False)
        phone = self.rng.choice(self.pools[country]["phone"])
        return Person(None, first, last, email, phone, country, [self.address(country, first, last, phone=phone, email=email)])

    def customers(self, batch, ids, count, *, countries, weights, groups, companies, created_range):
        """Add `count` customers with address books to the batch; return them as Persons.

        About one in twelve is a B2B buyer working for a section of one of `companies`.
        """
        rng = self.rng
        start, end = created_range
        span = (end - start).total_seconds()
        by_country = defaultdict(list)
        for company in companies:
            by_country[company.country].append(company)
        customer_ids, address_ids = ids[Customer], ids[Address]
        customers, addresses = batch.rows[Customer], batch.rows[Address]
        people = []
        for _ in range(count):
            country = rng.choices(countries, weights)[0]
            first, last = self.name(country)
            example = self.examples.pop(0) if self.examples and EXAMPLE_COUNTRY in countries else None
            if example:
                country, (first, last) = EXAMPLE_COUNTRY, example
            company = rng.choice(by_country[country]) if by_country[country] and rng.random() < 0.08 else None
            if example:
                company = None
            email = self.email(first, last)
            phone = rng.choice(self.pools[country]["phone"])
            created = start + datetime.timedelta(seconds=rng.random() * span)
            if company:
                section = rng.choice(company.sections)
                section_id = section[0]
                group = groups["Wholesale"]
            else:
                section = section_id = None
                roll = rng.random()
                group = groups["VIP"] if roll < 0.08 else groups["Staff"] if roll < 0.10 else groups["Retail"]
            customer = CustomerRow(
                id=next(customer_ids), first_name=first, last_name=last, email=email, phone=phone,
                group_id=group, organization_id=section_id, created=created, modified=created,
            )
            customers.append(customer)
            book = 1 + (rng.random() < 0.45) + (rng.random() < 0.15)
            shipping = book - 1 if book > 1 and rng.random() < 0.3 else 0
            labels = ["Office", "Home", "Warehouse"] if company else ["Home", "Work", "Summer house"]
            organization = company.name if company else ""
            person = Person(customer.id, first, last, email, phone, country, [], 0, shipping,
                            company.id if company else None, organization, section)
            for index in range(book):
                values = self.address(country, first, last, organization=organization, phone=phone, email=email)
                person.addresses.append(values)
                addresses.append(AddressRow(
                    id=next(address_ids), customer_id=customer.id, label=labels[index],
                    is_preferred_billing=index == 0, is_preferred_shipping=index == shipping,
                    **dict(zip(Address.ADDRESS_FIELDS, values, strict=True)),
                ))
            people.append(person)
            if example:
                self.featured.append(person)
        return people

    def companies(self, batch, ids, count, *, countries, weights, first_number):
        """Add `count` B2B organizations, each with two to four sections."""
        organization_ids, rows = ids[Organization], batch.rows[Organization]
        companies = []
        for number in range(first_number, first_number + count):
            country = self.rng.choices(countries, weights)[0]
            name = self.rng.choice(self.pools[country]["company"])
            code = f"B2B-{country}-{number:05d}"
            top = OrganizationRow(id=next(organization_ids), name=name, code=code, parent_id=None)
            rows.append(top)
            sections = []
            for index, section in enumerate(self.rng.sample(SECTION_NAMES, self.rng.randint(2, 4)), start=1):
                row = OrganizationRow(id=next(organization_ids), name=f"{name} / {section}", code=f"{code}-{index}",
                                      parent_id=top.id)
                rows.append(row)
                sections.append((row.id, row.name))
            companies.append(Company(top.id, name, country, sections))
        return companies


def load_people(countries) -> list[Person]:
    """The customers already in the database, with their address books, as Persons."""
    addresses = defaultdict(list)
    for row in Address.objects.order_by("customer_id", "id").values_list(
        "customer_id", "is_preferred_billing", "is_preferred_shipping", *Address.ADDRESS_FIELDS
    ):
        addresses[row[0]].append(row[1:])
    people = []
    customers = Customer.objects.order_by("id").values_list(
        "id", "first_name", "last_name", "email", "phone", "organization_id", "organization__parent_id",
        "organization__parent__name", "organization__name",
    )
    for cid, first, last, email, phone, section_id, parent_id, parent_name, section_name in customers:
        book = addresses.get(cid)
        if not book:
            continue
        values = [entry[2:] for entry in book]
        billing = next((i for i, entry in enumerate(book) if entry[0]), 0)
        shipping = next((i for i, entry in enumerate(book) if entry[1]), 0)
        country = values[shipping][8]
        if country not in countries:
            continue
        organization_id = parent_id or section_id
        organization_name = parent_name or section_name or ""
        section = (section_id, section_name) if parent_id else None
        people.append(Person(cid, first, last, email, phone, country, values, billing, shipping,
                             organization_id, organization_name, section))
    return people


def customer_groups() -> dict[str, int]:
    return {name: CustomerGroupFactory(name=name).pk for name in ("Retail", "VIP", "Wholesale", "Staff")}


def missing_examples() -> list[tuple[str, str]]:
    """The README's example customers that the database does not have yet."""
    present = set(Customer.objects.filter(last_name__in=[last for _, last in EXAMPLE_CUSTOMERS])
                  .values_list("first_name", "last_name"))
    return [name for name in EXAMPLE_CUSTOMERS if name not in present]


def existing_emails() -> set[str]:
    return {email.lower() for email in Customer.objects.values_list("email", flat=True)}


def next_company_number() -> int:
    codes = Organization.objects.filter(code__startswith="B2B-", parent__isnull=True).values_list("code", flat=True)
    return max((int(code.rsplit("-", 1)[1]) for code in codes), default=0) + 1


def load_companies() -> list[Company]:
    """The demo's organizations already in the database (their code names their country)."""
    companies = {}
    for org in Organization.objects.filter(code__startswith="B2B-").order_by("id").values("id", "name", "code", "parent_id"):
        if org["parent_id"] is None:
            companies[org["id"]] = Company(org["id"], org["name"], org["code"].split("-")[1], [])
        elif org["parent_id"] in companies:
            companies[org["parent_id"]].sections.append((org["id"], org["name"]))
    return [company for company in companies.values() if company.sections]
