"""Who a report goes to: the policy's contacts, the IT service desk first.

The built-in policy names roles only, with no addresses; IT fills them in. A report
can still be made without addresses: the person is told who to ask and can save or
copy the report to hand over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.headerregistry import Address

from desktop.core.kit.i18n import N_, _
from desktop.core.policy.schema import Contact, Policy
from desktop.core.report.model import looks_like_email, one_line

_SERVICE_DESK = re.compile(r"service\s*desk|help\s*desk|^\s*it\b", re.IGNORECASE)


def is_service_desk(contact: Contact) -> bool:
    return bool(_SERVICE_DESK.search(contact.role))


@dataclass(frozen=True)
class Recipients:
    """The contacts in the order they are told, split by whether an address is known."""

    ordered: tuple[Contact, ...]
    reachable: tuple[Contact, ...]
    unreachable: tuple[Contact, ...]

    @property
    def addresses(self) -> tuple[str, ...]:
        return tuple(c.email.strip() for c in self.reachable)

    def mail_addresses(self) -> tuple[Address, ...]:
        """Addresses for the To header, with the person's name (or role) shown."""
        out = []
        for c in self.reachable:
            user, _unused, domain = c.email.strip().rpartition("@")
            out.append(
                Address(display_name=one_line(c.name or c.role), username=user, domain=domain)
            )
        return tuple(out)

    def who_to_ask(self) -> str:
        """Plain advice when some or all contacts have no address."""
        if not self.ordered:
            return _(
                "Your organisation has not said who to tell. Tell your tutor or line "
                "manager today, and show them this report."
            )
        if not self.unreachable:
            return ""
        roles = ", ".join(describe(c) for c in self.unreachable)
        if not self.reachable:
            return _(
                "Your organisation has not added email addresses for: {roles}. Ask your "
                "tutor or line manager how to reach them today, and save or copy this "
                "report to give to them.",
                roles=roles,
            )
        return _(
            "There is no email address for: {roles}. Ask your tutor or line manager "
            "how to reach them, and give them a copy of this report.",
            roles=roles,
        )


def describe(contact: Contact) -> str:
    """'IT service desk (Sam Patel)' or just the role when no name is set."""
    name = one_line(contact.name)
    return f"{one_line(contact.role)} ({name})" if name else one_line(contact.role)


PHISHING_ROLE = N_("Phishing reports mailbox")


def contacts_for(policy: Policy, kind_id: str) -> tuple[Contact, ...]:
    """Who a kind of report goes to: the ``incident_contacts`` that list the kind, or
    else the report contacts; a scam report also goes to the phishing mailbox."""
    routed = tuple(c for c in policy.incident_contacts if kind_id in c.kinds)
    contacts = routed or policy.report_contacts
    mailbox = policy.phishing_mailbox.strip()
    if kind_id == "scam" and looks_like_email(mailbox):
        contacts = (Contact(_(PHISHING_ROLE), "", mailbox), *contacts)
    return contacts


def recipients(contacts: tuple[Contact, ...]) -> Recipients:
    """Order the contacts (service desk first, otherwise as the policy lists them) and
    split off those without a usable address."""
    desk = [c for c in contacts if is_service_desk(c)]
    ordered = tuple(desk + [c for c in contacts if not is_service_desk(c)])
    reachable = tuple(c for c in ordered if looks_like_email(c.email))
    unreachable = tuple(c for c in ordered if not looks_like_email(c.email))
    return Recipients(ordered, reachable, unreachable)
