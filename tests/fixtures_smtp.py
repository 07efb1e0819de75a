"""Real SMTP servers on 127.0.0.1 for the report tests (aiosmtpd, one per test).

``smtp_factory(...)`` starts a server on a free port and stops it after the test. The
kinds a test can ask for:

* ``accept``: takes every message and records it (``server.received``);
* ``refuse_rcpt`` / ``refuse_data``: answers 550 / 554 like a relay that says no;
* ``slow``: sits on the message for longer than any client timeout used in the tests;
* STARTTLS (``tls=True``) with a self-signed certificate made in the test, optionally
  requiring sign-in (``users={"name": "secret"}``); ``server.client_context`` trusts it.

``closed_port`` is a port on 127.0.0.1 where nothing listens (a relay that is down); a
test may later start a server on it (``port=``) to show a retry working.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import socket
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

SLOW_SECONDS = 4.0  # longer than the client timeouts the tests use (about 1 second)


@dataclass
class Received:
    """One message as the server got it."""

    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    tls: bool
    login: str | None

    @property
    def message(self) -> EmailMessage:
        msg = message_from_bytes(self.data, policy=default_policy)
        assert isinstance(msg, EmailMessage)
        return msg


@dataclass
class _Handler:
    kind: str
    received: list[Received] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if self.kind == "refuse_rcpt":
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.kind == "refuse_data":
            return "554 5.7.1 Message rejected by policy"
        if self.kind == "slow":
            await asyncio.sleep(SLOW_SECONDS)
        login = session.auth_data if session.authenticated else None
        self.received.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                bytes(envelope.original_content or envelope.content),
                bool(session.ssl),
                login,
            )
        )
        return "250 Message accepted"


class _PortZeroController(Controller):
    """aiosmtpd's Controller, listening on a port the OS picks (no clashes in parallel)."""

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@dataclass
class SmtpServer:
    """A running test server: where it is and what it received."""

    host: str
    port: int
    handler: _Handler
    cert_file: Path | None = None

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    @property
    def client_context(self) -> ssl.SSLContext:
        """A client context that trusts only this server's self-signed certificate."""
        assert self.cert_file is not None, "this server has no TLS"
        return ssl.create_default_context(cafile=str(self.cert_file))


def make_self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost and its key, valid for a day."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "relay-cert.pem", folder / "relay-key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def _authenticator(users: dict[str, str]) -> Callable[..., AuthResult]:
    def check(
        server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        if isinstance(auth_data, LoginPassword):
            login = auth_data.login.decode()
            if users.get(login) == auth_data.password.decode():
                return AuthResult(success=True, auth_data=login)
        return AuthResult(success=False, handled=False)

    return check


SmtpFactory = Callable[..., SmtpServer]


@pytest.fixture
def smtp_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmtpFactory]:
    """Start SMTP servers for this test; all are stopped when it ends."""
    controllers: list[Controller] = []

    def start(
        kind: str = "accept", tls: bool = False, users: dict[str, str] | None = None, port: int = 0
    ) -> SmtpServer:
        handler = _Handler(kind)
        kwargs: dict[str, Any] = {}
        cert_file = None
        if tls:
            cert_file, key_file = make_self_signed(tmp_path_factory.mktemp("relay-tls"))
            server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            server_ctx.load_cert_chain(cert_file, key_file)
            kwargs.update(tls_context=server_ctx, require_starttls=True)
        if users is not None:
            kwargs.update(
                authenticator=_authenticator(users), auth_required=True, auth_require_tls=tls
            )
        controller = _PortZeroController(
            handler, hostname="127.0.0.1", port=port, server_hostname="relay.test", **kwargs
        )
        controller.start()
        controllers.append(controller)
        return SmtpServer("127.0.0.1", controller.port, handler, cert_file)

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def smtp_server(smtp_factory: SmtpFactory) -> SmtpServer:
    """A plain relay on 127.0.0.1 that accepts and records every message."""
    return smtp_factory("accept")


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens: a relay that is down."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port
