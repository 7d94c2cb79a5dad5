"""The mailbox an address reaches: case, a +tag, and Gmail's dots and googlemail.com; nothing else."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.subscriptions.mailboxes import mailbox_key


@pytest.mark.parametrize(
    ("address", "mailbox"),
    [
        ("jane@example.org", "jane@example.org"),
        ("Jane.Doe@Example.ORG", "jane.doe@example.org"),
        ("jane.doe+news@example.org", "jane.doe@example.org"),
        ("jane+news+sport@example.org", "jane@example.org"),
        ("J.a.n.e+News@Gmail.com", "jane@gmail.com"),
        ("jane.doe@googlemail.com", "janedoe@gmail.com"),
        ("jane.doe@mail.google.com", "jane.doe@mail.google.com"),  # not Gmail's consumer domain: dots count
        ("jane.doe@outlook.com", "jane.doe@outlook.com"),
        ("jane-news@yahoo.com", "jane-news@yahoo.com"),  # a disposable name is not a tag of the account
        ("+news@example.org", "+news@example.org"),  # no name before the "+": nothing to drop
        ("  jane@example.org ", "jane@example.org"),
    ],
)
def test_mailbox_key(address, mailbox):
    assert mailbox_key(address) == mailbox


NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=12)
TAG = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-+.", max_size=12)
DOMAIN = st.sampled_from(["example.org", "example.co.za", "outlook.com", "yahoo.com", "gmail.com", "googlemail.com"])
OTHER_DOMAIN = st.sampled_from(["example.org", "example.co.za", "outlook.com", "yahoo.com", "mail.google.com"])
LOCAL = st.lists(NAME, min_size=1, max_size=4).map(".".join)
ADDRESS = st.builds(lambda local, tag, domain: f"{local}{tag}@{domain}", LOCAL, TAG, DOMAIN)


@given(st.one_of(ADDRESS, st.text(max_size=40)))
def test_a_mailbox_key_is_its_own_mailbox(address):
    assert mailbox_key(mailbox_key(address)) == mailbox_key(address)


@given(ADDRESS, st.randoms(use_true_random=False))
def test_letter_case_never_changes_the_mailbox(address, random):
    shuffled = "".join(c.upper() if random.random() < 0.5 else c for c in address)
    assert mailbox_key(shuffled) == mailbox_key(address)


@given(LOCAL, TAG, DOMAIN)
def test_a_plus_tag_reaches_the_same_mailbox(local, tag, domain):
    assert mailbox_key(f"{local}+{tag}@{domain}") == mailbox_key(f"{local}@{domain}")


@given(st.lists(NAME, min_size=1, max_size=4), st.sampled_from(["gmail.com", "googlemail.com"]))
def test_gmail_ignores_dots_and_the_googlemail_spelling(names, domain):
    assert mailbox_key(".".join(names) + "@" + domain) == "".join(names).lower() + "@gmail.com"


@given(LOCAL, LOCAL, OTHER_DOMAIN)
def test_elsewhere_different_names_stay_different_mailboxes(one, other, domain):
    # No rule is applied that the provider does not document: dots, dashes and underscores count.
    assert (mailbox_key(f"{one}@{domain}") == mailbox_key(f"{other}@{domain}")) == (one == other)
