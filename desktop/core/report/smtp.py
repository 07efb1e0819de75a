"""Sending a report through the organisation's mail relay.

Everything the relay needs is passed in: host, port, STARTTLS, the user name, where the
relay password comes from, a timeout and (for tests, or a private CA) an SSL context.
Every failure becomes a ``SendError`` with one line a person can act on; the caller
keeps the report so nothing is lost and the person can try again or send it another way.

One deadline for the whole send. smtplib's timeout applies to each read, so a relay
that trickles its greeting one byte a second never trips it. Here ``timeout`` is the
limit for everything from connecting to the relay's last answer: a watchdog closes
the connection when it passes, and the person is told the relay did not answer in
time. A send that was cut off after the report itself went out (the relay took it but
its answer never came) says the report may already have arrived; the caller sends it
again with the same Message-ID, so the desk sees one report. A 4xx answer is named as
temporary, never blamed on the person's address.

The relay password is never in the policy file. It is read from the OS keyring
(service ``hygiene-helper``, user ``smtp:<smtp_user>``), where IT puts it when they set
up the computer. We do not prompt for it: learners do not know it, and a box asking for
"a password" during a leak report would teach the very habit that causes leaks.
"""

from __future__ import annotations

import logging
import smtplib
import socket
import ssl
import threading
from contextlib import suppress
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import getaddresses
from typing import Any

from desktop.core.kit.bounded import BoundedCaller, TimedOut
from desktop.core.kit.i18n import N_, _
from desktop.core.kit.secrets import KEYRING_SERVICE, SecretSource
from desktop.core.policy.schema import Policy

DEFAULT_TIMEOUT = 20.0  # seconds for the whole send, connecting included
KEYRING_TIMEOUT = 5.0
IMPLICIT_TLS_PORT = 465

log = logging.getLogger(__name__)


def keyring_username(smtp_user: str) -> str:
    return f"smtp:{smtp_user}"


PasswordSource = SecretSource
"""Anything with keyring's ``get_password`` (a keyring backend, or the module)."""


SERVER = N_("Your organisation's email server")
NOT_SET_UP = N_(
    "Sending is not set up properly on this computer. Tell IT, and save or copy the report."
)
UNREACHABLE = N_(
    "{SERVER} could not be reached. Check you are connected to the internet, then try again."
)


class SendError(Exception):
    """The report was not sent. ``str(err)`` is one line for IT (the server's name and
    reply, never a password); ``plain`` says the same for the person, with no names,
    addresses, ports or codes.

    ``maybe_sent`` is True when the report itself had gone out before the failure (the
    relay may have taken it); ``temporary`` when the relay said to try again later.
    """

    def __init__(
        self,
        detail: str,
        plain: str = "",
        *,
        maybe_sent: bool = False,
        temporary: bool = False,
    ) -> None:
        super().__init__(detail)
        self.plain = plain or detail
        self.maybe_sent = maybe_sent
        self.temporary = temporary


MAYBE_SENT = N_(
    " The report itself had already gone out, so it may have arrived. Sending it again is "
    "safe: it carries the same message number, so the desk will see one report."
)


class _Watchdog:
    """Closes the client's connection when the overall deadline passes."""

    def __init__(self, seconds: float) -> None:
        self.fired = False
        self._client: smtplib.SMTP | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def watch(self, client: smtplib.SMTP) -> None:
        with self._lock:
            self._client = client
        self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            sock = self._client.sock if self._client is not None else None
        if sock is not None:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


class _Tracked:
    """Remembers whether the report's content was handed to the relay."""

    data_sent = False

    def data(self, msg: Any) -> tuple[int, bytes]:
        self.data_sent = True
        result: tuple[int, bytes] = super().data(msg)  # type: ignore[misc]
        return result


class _SMTP(_Tracked, smtplib.SMTP):
    pass


class _SMTPSSL(_Tracked, smtplib.SMTP_SSL):
    pass


@dataclass(frozen=True)
class SendResult:
    """Sent. ``refused`` lists addresses the relay turned down while taking the rest."""

    accepted: tuple[str, ...]
    refused: tuple[str, ...] = ()


@dataclass(frozen=True)
class RelaySettings:
    """Where the relay is and how to talk to it (from the policy)."""

    host: str
    port: int = 587
    starttls: bool = True
    user: str = ""

    @classmethod
    def from_policy(cls, policy: Policy) -> RelaySettings | None:
        """The relay the policy names, or None when reports go through the mail app."""
        host = policy.smtp_host.strip()
        if not host:
            return None
        return cls(host, policy.smtp_port, policy.smtp_starttls, policy.smtp_user.strip())

    def describe(self) -> str:
        return _("the mail relay {host}:{port}", host=self.host, port=self.port)


TEMPORARY = N_(
    "This is a temporary problem at the relay, not your address: try again in a few minutes."
)


def _temporary(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [c for c, _unused in exc.recipients.values()]
        return bool(codes) and all(400 <= c < 500 for c in codes)
    return 400 <= getattr(exc, "smtp_code", 0) < 500


def _server_text(raw: bytes | str) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    text = " ".join(text.split())
    return text[:120] + ("..." if len(text) > 120 else "")


def explain_plain(exc: BaseException) -> str:
    """What went wrong, for the person: what it means and what to do, no technical words."""
    if _temporary(exc):
        return _(
            "{SERVER} is busy and could not take the report just now. This is "
            "temporary: try again in a few minutes.",
            SERVER=_(SERVER),
        )
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return _(
            "{SERVER} refused every address on the report, so it was not sent. Tell IT.",
            SERVER=_(SERVER),
        )
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return _("{SERVER} did not accept this computer's sign-in. Tell IT.", SERVER=_(SERVER))
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return _(
            "{SERVER} did not accept your email address. Check the address you gave.",
            SERVER=_(SERVER),
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return _("{SERVER} turned the report down. Try again later, or tell IT.", SERVER=_(SERVER))
    if isinstance(exc, smtplib.SMTPServerDisconnected | TimeoutError):
        if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
            return _("{SERVER} did not answer in time. Try again in a minute.", SERVER=_(SERVER))
        return _(
            "{SERVER} stopped before the report was sent. Try again in a minute.", SERVER=_(SERVER)
        )
    if isinstance(exc, ssl.SSLError | smtplib.SMTPNotSupportedError):
        return _(
            "A safe connection to {lower} could not be made. Tell IT.", lower=_(SERVER).lower()
        )
    if isinstance(exc, OSError):
        return _(UNREACHABLE, SERVER=_(SERVER))
    return _("{SERVER} could not send the report. Try again, or tell IT.", SERVER=_(SERVER))


def explain(exc: BaseException, settings: RelaySettings, timeout: float) -> str:
    """One line saying what went wrong while talking to the relay and what it means."""
    where = settings.describe()
    code = getattr(exc, "smtp_code", 0)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [c for c, _unused in exc.recipients.values()]
        if codes and all(400 <= c < 500 for c in codes):
            return _(
                "{where} cannot take the report just now ({value}). {TEMPORARY}",
                where=where,
                value=codes[0],
                TEMPORARY=_(TEMPORARY),
            )
        who = ", ".join(sorted(str(a) for a in exc.recipients))
        return _(
            "{where} refused every address ({who}), so the report was not sent.",
            where=where,
            who=who,
        )
    if isinstance(exc, smtplib.SMTPResponseException) and 400 <= code < 500:
        return _(
            "{where} cannot take the report just now ({code} {server_text}). {TEMPORARY}",
            where=where,
            code=code,
            server_text=_server_text(exc.smtp_error),
            TEMPORARY=_(TEMPORARY),
        )
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return _(
            "{where} did not accept the sign-in for '{user}' ({smtp_code} {server_text}). Tell IT.",
            where=where,
            user=settings.user,
            smtp_code=exc.smtp_code,
            server_text=_server_text(exc.smtp_error),
        )
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return _(
            "{where} refused your email address as the sender ({smtp_code} "
            "{server_text}). Check the address you gave.",
            where=where,
            smtp_code=exc.smtp_code,
            server_text=_server_text(exc.smtp_error),
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return _(
            "{where} refused the report ({smtp_code} {server_text}).",
            where=where,
            smtp_code=exc.smtp_code,
            server_text=_server_text(exc.smtp_error),
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return _(
            "{where} does not support what is needed to send ({server_text}).",
            where=where,
            server_text=_server_text(str(exc)),
        )
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        # smtplib turns a read timeout into "Connection unexpectedly closed: timed out"
        if isinstance(exc.__context__, TimeoutError) or "timed out" in str(exc):
            return _(
                "{where} did not answer within {timeout:g} seconds.", where=where, timeout=timeout
            )
        return _("{where} closed the connection before the report was sent.", where=where)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return _(
            "{where} could not prove who it is ({verify_message}), so nothing was "
            "sent to it. Tell IT.",
            where=where,
            verify_message=exc.verify_message,
        )
    if isinstance(exc, ssl.SSLError):
        return _(
            "A secure connection to {where} could not be made ({reason}).",
            where=where,
            reason=exc.reason,
        )
    if isinstance(exc, TimeoutError):
        return _("{where} did not answer within {timeout:g} seconds.", where=where, timeout=timeout)
    if isinstance(exc, ConnectionRefusedError):
        return _("{where} is not answering (the connection was refused).", where=where)
    if isinstance(exc, socket.gaierror):
        return _(
            "The mail relay name '{host}' could not be found. Check the network.",
            host=settings.host,
        )
    if isinstance(exc, OSError):
        return _("{where} could not be reached ({value}).", where=where, value=exc.strerror or exc)
    return _(
        "{where} could not send the report ({name__}).", where=where, name__=type(exc).__name__
    )


class SmtpRelay:
    """Sends one report per call; safe to call from a worker thread (no shared state)."""

    def __init__(
        self,
        settings: RelaySettings,
        passwords: PasswordSource | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        ssl_context: ssl.SSLContext | None = None,
        local_hostname: str | None = None,
    ) -> None:
        self.settings = settings
        self._passwords = passwords
        self._timeout = timeout
        self._ssl_context = ssl_context
        # Given explicitly: smtplib would otherwise look up our own name in DNS.
        self._local_hostname = local_hostname or socket.gethostname() or "localhost"

    def describe(self) -> str:
        return self.settings.describe()

    def _relay_password(self) -> str:
        user = self.settings.user
        if self._passwords is None:
            raise SendError(
                _(
                    "{describe} needs a sign-in, but no keyring is available on this "
                    "computer. Tell IT.",
                    describe=self.describe(),
                ),
                _(NOT_SET_UP),
            )
        passwords = self._passwords
        try:
            secret = BoundedCaller(KEYRING_TIMEOUT).call(
                lambda: passwords.get_password(KEYRING_SERVICE, keyring_username(user))
            )
        except TimedOut as exc:
            raise SendError(
                _(
                    "The sign-in for {describe} could not be read: this computer's keyring "
                    "did not answer within {seconds:g} seconds. Try again.",
                    describe=self.describe(),
                    seconds=exc.seconds,
                ),
                _(
                    "This computer's safe store for passwords did not answer in time, so the "
                    "report was not sent. Try again in a minute."
                ),
            ) from None
        except Exception as exc:  # any keyring backend failure is a setup problem
            raise SendError(
                _(
                    "The sign-in for {describe} could not be read from this computer's "
                    "keyring ({name__}). Tell IT.",
                    describe=self.describe(),
                    name__=type(exc).__name__,
                ),
                _(NOT_SET_UP),
            ) from None
        if not secret:
            raise SendError(
                _(
                    "The sign-in for {describe} is not set up on this computer. Tell IT.",
                    describe=self.describe(),
                ),
                _(NOT_SET_UP),
            )
        return secret

    def send(self, message: EmailMessage) -> SendResult:
        """Send ``message`` to its To addresses; raise SendError saying why it failed."""
        sender = getaddresses([str(message.get("From", ""))])
        if not sender or not sender[0][1]:
            raise SendError(
                _("Add your email address, so the report can be sent and they can reply to you.")
            )
        to = [
            addr
            for _unused, addr in getaddresses([str(v) for v in message.get_all(_("To"), [])])
            if addr
        ]
        if not to:
            raise SendError(_("There is no address to send the report to."))
        s = self.settings
        implicit_tls = s.port == IMPLICIT_TLS_PORT
        if s.user and not (s.starttls or implicit_tls):
            raise SendError(
                _(
                    "{describe} is set to sign in without a secure connection, so nothing "
                    "was sent. Tell IT.",
                    describe=self.describe(),
                ),
                _(NOT_SET_UP),
            )
        password = self._relay_password() if s.user else ""
        context = self._ssl_context or ssl.create_default_context()
        watchdog = _Watchdog(self._timeout)
        client: _SMTP | _SMTPSSL = (
            _SMTPSSL(local_hostname=self._local_hostname, timeout=self._timeout, context=context)
            if implicit_tls
            else _SMTP(local_hostname=self._local_hostname, timeout=self._timeout)
        )
        try:
            watchdog.watch(client)
            refused = self._talk(client, context, password, sender[0][1], to, message)
        except SendError:
            raise
        except (smtplib.SMTPException, OSError, ValueError) as exc:
            maybe = client.data_sent and not isinstance(exc, smtplib.SMTPResponseException)
            reason = (
                _(
                    "{describe} did not answer within {timeout:g} seconds.",
                    describe=self.describe(),
                    timeout=self._timeout,
                )
                if watchdog.fired
                else explain(exc, s, self._timeout)
            )
            plain = (
                _("{SERVER} did not answer in time. Try again in a few minutes.", SERVER=_(SERVER))
                if watchdog.fired
                else explain_plain(exc)
            )
            raise SendError(
                reason + (_(MAYBE_SENT) if maybe else ""),
                plain + (_(MAYBE_SENT) if maybe else ""),
                maybe_sent=maybe,
                temporary=_temporary(exc),
            ) from None
        finally:
            watchdog.cancel()
            with suppress(Exception):
                client.close()
        bad = tuple(sorted(refused))
        # Counts and the relay's name only: never an address or a word of the report.
        log.info(
            "report sent through %s: %d accepted, %d refused",
            self.describe(),
            len(to) - len(bad),
            len(bad),
        )
        return SendResult(tuple(a for a in to if a not in refused), bad)

    def _talk(
        self,
        client: smtplib.SMTP,
        context: ssl.SSLContext,
        password: str,
        sender: str,
        to: list[str],
        message: EmailMessage,
    ) -> dict[str, tuple[int, bytes]]:
        s = self.settings
        implicit_tls = s.port == IMPLICIT_TLS_PORT
        client._host = s.host  # type: ignore[attr-defined]  # read by TLS for the name check
        code, greeting = client.connect(s.host, s.port)
        if code != 220:  # smtplib returns a refusing greeting (421 busy) instead of raising
            raise smtplib.SMTPConnectError(code, greeting)
        client.ehlo()
        if s.starttls and not implicit_tls:
            if not client.has_extn("starttls"):
                raise SendError(
                    _(
                        "{describe} does not offer a secure connection (STARTTLS), so nothing "
                        "was sent. Tell IT.",
                        describe=self.describe(),
                    ),
                    _(NOT_SET_UP),
                )
            client.starttls(context=context)
            client.ehlo()
        if s.user:
            client.login(s.user, password)
        refused = client.send_message(message, from_addr=sender, to_addrs=to)
        with suppress(smtplib.SMTPException, OSError):
            client.quit()
        return refused


def relay_from_policy(
    policy: Policy,
    passwords: PasswordSource | None,
    timeout: float = DEFAULT_TIMEOUT,
    ssl_context: ssl.SSLContext | None = None,
) -> SmtpRelay | None:
    """The relay the policy names (None: reports go through the mail app instead)."""
    settings = RelaySettings.from_policy(policy)
    if settings is None:
        return None
    return SmtpRelay(settings, passwords, timeout=timeout, ssl_context=ssl_context)
