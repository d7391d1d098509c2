"""factory-boy factories for customers, their address books and B2B organizations.

    CustomerFactory()                      # one address, preferred for billing and shipping
    CustomerFactory(addresses=3)           # the first is preferred for both
    CustomerFactory(b2b=True)              # works for a section of an organization with sections
    OrganizationFactory(sections=3)        # a buyer with three sections
"""
import unicodedata

import factory
from factory.django import DjangoModelFactory

from customers.models import Address, Customer, CustomerGroup, Organization


def ascii_slug(text: str) -> str:
    """'Åsa Öberg' -> 'asa.oberg': the local part of a believable email address."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return ".".join("".join(ch for ch in word if ch.isalnum()) for word in plain.split()).strip(".") or "customer"


class CustomerGroupFactory(DjangoModelFactory):
    class Meta:
        model = CustomerGroup
        django_get_or_create = ("name",)

    name = factory.Iterator(["Retail", "VIP", "Wholesale", "Staff"])


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    name = factory.Faker("company")
    code = factory.Sequence(lambda n: f"ORG{n:05d}")
    parent = None

    @factory.post_generation
    def sections(self, create, extracted, **kwargs):
        """`sections=N` adds N child organizations (Purchasing, Marketing, ...)."""
        if not create or not extracted:
            return
        names = ["Purchasing", "Marketing", "IT", "Facilities", "Research", "Sales"]
        for index in range(extracted):
            name = names[index % len(names)]
            OrganizationFactory(parent=self, name=f"{self.name} / {name}", code=f"{self.code}-{index + 1}")


class SectionFactory(OrganizationFactory):
    """A section (child organization) of a parent that has two sections."""

    parent = factory.SubFactory(OrganizationFactory, sections=1)
    name = factory.LazyAttribute(lambda o: f"{o.parent.name} / Marketing")
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.parent.code}-S{n}")


class CustomerFactory(DjangoModelFactory):
    class Meta:
        model = Customer
        skip_postgeneration_save = True

    class Params:
        b2b = factory.Trait(
            organization=factory.SubFactory(SectionFactory),
            group=factory.SubFactory(CustomerGroupFactory, name="Wholesale"),
        )

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttributeSequence(
        lambda o, n: f"{ascii_slug(o.first_name + ' ' + o.last_name)}.{n}@example.com"
    )
    phone = factory.Faker("numerify", text="+1 ###-###-####")
    group = None
    organization = None

    @factory.post_generation
    def addresses(self, create, extracted, **kwargs):
        """`addresses=N` (default 1) address book entries; the first is the preferred one."""
        if not create:
            return
        count = 1 if extracted is None else extracted
        for index in range(count):
            AddressFactory(
                customer=self, is_preferred_billing=index == 0, is_preferred_shipping=index == 0,
                label="Home" if index == 0 else f"Address {index + 1}", **kwargs,
            )


class AddressFactory(DjangoModelFactory):
    class Meta:
        model = Address

    customer = factory.SubFactory(CustomerFactory, addresses=0)
    label = "Home"
    first_name = factory.SelfAttribute("customer.first_name")
    last_name = factory.SelfAttribute("customer.last_name")
    organization = factory.LazyAttribute(lambda o: o.customer.organization.name if o.customer.organization else "")
    line1 = factory.Faker("street_address")
    city = factory.Faker("city")
    region = factory.Faker("state_abbr")
    postal_code = factory.Faker("postcode")
    country_code = "US"
    phone = factory.SelfAttribute("customer.phone")
    email = factory.SelfAttribute("customer.email")
    is_preferred_billing = False
    is_preferred_shipping = False
