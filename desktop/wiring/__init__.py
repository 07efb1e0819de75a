"""The composition root: where every part of the app is built, once, for the GUI and the CLI.

``Services`` builds the Qt-free parts from the command-line ``Options``: the policy
service (the person's settings and this OS's managed sources), the OS keyring, the
hashed history, the breach lookup and the pipeline, personal words, the report's
drafts and mail relay, and the lock reminders' parts (this desktop's idle, lock-state
and locking adapters, the clock and the weekly tally). ``desktop.app`` adds the
windows and the tray on top of it (``desktop.wiring.gui``); the ``hygiene`` commands
use it as it is. Tests pass their own parts through the same keyword arguments, so
there is no "are we in a test" switch anywhere.

This is where the app reads the outside world's settings: the environment, the home
folder, the OS (``sys.platform``) and the clock are read here, once, and handed down as
``env``, ``paths`` and ``clock``; no module below reads them itself (a test checks it).

Nothing slow is imported here: the keyring, zxcvbn, requests and the OS adapters load
when a part is first used, so the check window still opens quickly.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.kit.clock import Clock, SystemClock
from desktop.core.kit.paths import UserPaths, home_folder
from desktop.core.policy.resolve import EffectivePolicy, load_effective_policy
from desktop.core.policy.service import PolicyService
from desktop.core.policy.sources import ManagedReader, managed_policy_path
from desktop.core.settings import UserSettings

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from desktop.core.checks import Pipeline
    from desktop.core.device import DeviceReport, DeviceRunner, DriveLog, System
    from desktop.core.device.grace import GraceState
    from desktop.core.history import KeyringStore, PasswordHistory
    from desktop.core.kit.i18n import Language as i18n_Language
    from desktop.core.kit.ports import BreachLookup
    from desktop.core.kit.secrets import SecretBackend
    from desktop.core.policy.schema import Policy
    from desktop.core.posture.store import PostureRecorder
    from desktop.core.reminders import ReminderEngine
    from desktop.core.reminders.tally import TallyStore
    from desktop.core.report.drafts import DraftStore
    from desktop.core.report.smtp import SmtpRelay
    from desktop.core.words import PersonalWordsStore
    from desktop.platform import Adapters
    from desktop.platform.device import DeviceSources
    from desktop.platform.keyring import SystemKeyring


def activate_environment_language() -> None:
    """Speaks the computer's language (from the environment, read here) until a root is
    built: the command line's help is shown before it knows the person's settings."""
    from desktop.core.kit import i18n

    i18n.activate(i18n.load(i18n.choose(i18n.preferred(os.environ))))


@dataclass(frozen=True)
class Options:
    """What the person asked for on the command line."""

    policy_file: Path | None = None
    no_network: bool = False


@dataclass
class ReminderParts:
    """What lock reminders run on: the engine, this desktop's adapters and the clock.

    The caller starts them, shows ``adapters.missing`` in the settings window and calls
    ``adapters.close()`` on quit.
    """

    engine: ReminderEngine
    adapters: Adapters
    clock: Clock
    desktop: str = ""  # XDG_CURRENT_DESKTOP, for the keys that lock the screen


class Services:
    """The Qt-free parts of the app, each built once (or on first use) and shared.

    Every keyword argument replaces one real part: ``env`` (the environment: the
    folders, the desktop adapters and the journal are chosen from it), ``home`` and
    ``platform`` (a ``sys.platform`` value), ``paths`` (every per-user folder; by
    default worked out from those three), ``settings`` (the person's settings file),
    ``readers`` (the OS's managed-policy sources), ``system_policy`` (IT's policy
    file), ``keyring`` (the OS keyring adapter, or any ``SecretBackend``), ``history_lock``
    (the history's lock file), ``clock`` and ``tally_store`` (for the reminders and
    the posture document's lock count).
    """

    def __init__(
        self,
        options: Options | None = None,
        *,
        settings: UserSettings | None = None,
        readers: Sequence[ManagedReader] | None = None,
        keyring: SystemKeyring | SecretBackend | None = None,
        history_lock: Path | None = None,
        env: Mapping[str, str] | None = None,
        home: Path | None = None,
        platform: str | None = None,
        paths: UserPaths | None = None,
        system_policy: Path | None = None,
        clock: Clock | None = None,
        tally_store: TallyStore | None = None,
    ) -> None:
        self.options = options or Options()
        self.env: Mapping[str, str] = dict(os.environ) if env is None else env
        self.platform = sys.platform if platform is None else platform
        self.home = home_folder(self.env, home)
        self.paths = paths or UserPaths.of(self.platform, self.env, self.home)
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.settings = settings if settings is not None else UserSettings(self.paths.settings_file)
        self._system_policy = (
            system_policy
            if system_policy is not None
            else managed_policy_path(self.platform, self.env)
        )
        if readers is None:
            from desktop.platform.policy_sources import platform_readers

            readers = platform_readers(self.platform)
        self._readers = tuple(readers)
        if keyring is None:
            from desktop.platform.keyring import SystemKeyring

            keyring = SystemKeyring(self.platform, self.env)
        self.keyring = keyring
        self._history_lock = history_lock or self.paths.history_lock
        self._tally_store = tally_store
        self._store: KeyringStore | None = None
        self._store_lock = threading.Lock()
        self._device: tuple[DeviceRunner, DeviceSources] | None = None
        self._device_lock = threading.Lock()
        self.policy = PolicyService(self._load_policy)

    def _load_policy(self) -> EffectivePolicy:
        return load_effective_policy(
            self.options.policy_file,
            self.settings,
            readers=self._readers,
            system_file=self._system_policy,
        )

    # -- language --------------------------------------------------------------------

    def language_code(self) -> str:
        """The language the screens speak: the person's choice in Settings, else IT's
        ``default_language``, else the computer's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG,
        read here once), else English. A code the app does not speak is passed over."""
        from desktop.core.kit import i18n

        chosen = self.settings.load().get(i18n.SETTINGS_KEY)
        wanted = [chosen if isinstance(chosen, str) else ""]
        wanted.append(self.policy.policy.default_language)
        wanted += i18n.preferred(self.env)
        return i18n.choose(wanted)

    def language(self) -> i18n_Language:
        from desktop.core.kit import i18n

        return i18n.load(self.language_code())

    def activate_language(self) -> i18n_Language:
        """Makes the chosen language the process's; the app and the commands call it once."""
        from desktop.core.kit import i18n

        language = self.language()
        i18n.activate(language)
        return language

    # -- passwords -------------------------------------------------------------------

    def _keyring_backend(self) -> SecretBackend:
        from desktop.platform.keyring import SystemKeyring

        keyring = self.keyring
        return keyring.backend() if isinstance(keyring, SystemKeyring) else keyring

    def history(self, depth: int | None = None) -> PasswordHistory:
        """The person's hashed history in the OS keyring, checked to ``depth`` entries
        (the policy's depth unless given). The keyring is found on first use."""
        from desktop.core.history import KeyringStore, PasswordHistory

        with self._store_lock:
            if self._store is None:
                self._store = KeyringStore(
                    lock_path=self._history_lock, load_backend=self._keyring_backend
                )
        depth = self.policy.policy.history_depth if depth is None else depth
        return PasswordHistory(self._store, depth, today=lambda: self.clock.now().date())

    def record_password(self, password: str) -> None:
        """ "I've set this password": keep its tags (runs on a worker; never the password)."""
        self.history().add_password(password)
        log.info("password history: one more password recorded")

    def breach_lookup(self, policy: Policy) -> BreachLookup | None:
        """The breach lookup the policy asks for, or None when the policy turns it off.

        "online" uses the range service and falls back to the offline list when one is
        set; with ``--no-network`` only the offline list is used, and without one every
        lookup says why it could not run. Build it once per pipeline and keep it: it
        holds the session, the answers for this session and any "busy, wait" pause.
        """
        from desktop.core.breach.combined import FallbackLookup, FixedVerdictLookup
        from desktop.core.breach.offline import OfflineLookup
        from desktop.core.kit.ports import BreachOutcome, BreachVerdict

        if policy.breach_check == "off":
            return None
        offline = OfflineLookup(policy.offline_breach_file) if policy.offline_breach_file else None
        if policy.breach_check == "offline":
            return offline or FixedVerdictLookup(
                BreachVerdict(
                    BreachOutcome.UNKNOWN,
                    source="offline",
                    reason="no offline breach list is set in the policy; ask IT",
                )
            )
        if self.options.no_network:
            return offline or FixedVerdictLookup(
                BreachVerdict(
                    BreachOutcome.UNKNOWN,
                    source="online",
                    reason="the network is turned off (--no-network)",
                )
            )
        # Imported only now: requests and TLS cost about 18 MiB, which a person who checks
        # offline (or with --no-network) should not pay.
        import requests

        from desktop import APP_NAME, __version__
        from desktop.core.breach.online import RangeApiLookup

        # A plain Session honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment.
        online = RangeApiLookup(
            policy.hibp_api_url,
            requests.Session(),
            user_agent=f"{APP_NAME.replace(' ', '-')}/{__version__}",
        )
        return FallbackLookup(online, offline) if offline else online

    def pipeline(self, effective: EffectivePolicy | None = None) -> Pipeline:
        """Every rule for this policy (the one in force unless given), with the breach
        lookup and the reuse check on the history."""
        from desktop.core.checks import build_pipeline

        policy = (effective or self.policy.effective).policy
        log.debug(
            "checks built: breach check %s, history depth %d",
            policy.breach_check,
            policy.history_depth,
        )
        return build_pipeline(
            policy, self.breach_lookup(policy), self.history(policy.history_depth)
        )

    def words_store(self) -> PersonalWordsStore:
        from desktop.core.words import PersonalWordsStore

        return PersonalWordsStore(self.keyring)

    # -- the leak report -------------------------------------------------------------

    def drafts(self) -> DraftStore:
        """Report drafts: ``drafts/`` in the person's own settings folder."""
        from desktop.core.report.drafts import DraftStore

        return DraftStore(self.paths.drafts)

    def relay(self, policy: Policy) -> SmtpRelay | None:
        """The policy's mail relay, its sign-in read from the OS keyring (None: mail app)."""
        from desktop.core.report.smtp import relay_from_policy

        return relay_from_policy(policy, self.keyring)

    # -- lock reminders --------------------------------------------------------------

    def reminder_parts(self) -> ReminderParts:
        """The reminders' engine on this desktop's adapters, chosen now."""
        from desktop.core.reminders import ReminderEngine, ReminderSettings, WeeklyTally
        from desktop.platform import select_adapters

        policy = self.policy.policy
        env = self.env
        adapters = select_adapters(env, self.platform, lock_command=policy.lock_command)
        tally = WeeklyTally(self.tally_store())
        if tally.problem:
            adapters.missing.append(tally.problem)
        desktop = env.get("XDG_CURRENT_DESKTOP", "")
        settings = ReminderSettings.from_policy(policy, self.platform, desktop=desktop)
        engine = ReminderEngine(settings, self.clock, tally)
        return ReminderParts(engine, adapters, self.clock, desktop)

    def tally_store(self) -> TallyStore:
        """Where the weekly lock count is kept (one store, shared by every reader)."""
        from desktop.core.reminders import JsonTallyStore
        from desktop.core.reminders.tally import FILE_NAME

        if self._tally_store is None:
            self._tally_store = JsonTallyStore(self.paths.config / FILE_NAME)
        return self._tally_store

    def left_unlocked(self) -> int:
        """Times the computer was left unlocked this week, read afresh (for IT's document)."""
        from desktop.core.reminders import WeeklyTally

        return WeeklyTally(self.tally_store()).week(self.clock.now()).left_unlocked

    # -- check this computer ---------------------------------------------------------

    def device(self, drives: DriveLog | None = None) -> tuple[DeviceRunner, DeviceSources]:
        """The device checks on this computer's sources, built on first use (building may
        connect to system services, so the app calls this on a worker). ``drives`` is the
        tray's log of drives plugged in; without it (the command line) the
        removable-media check says only the tray app watches."""
        from desktop.platform.device import build_runner

        with self._device_lock:
            if self._device is None:
                self._device = build_runner(
                    self.platform,
                    cache_dir=self.paths.config,
                    now=self.clock.now,
                    env=self.env,
                    drives=drives,
                    malware_products=self.policy.policy.malware_products,
                )
            return self._device

    def device_runner(self) -> DeviceRunner:
        return self.device()[0]

    def run_device_checks(self) -> DeviceReport:
        """Every device check against the policy in force (runs on a worker)."""
        return self.device_runner().run(self.policy.policy)

    def run_device_checks_with(self, drives: DriveLog) -> Callable[[], DeviceReport]:
        """The same, for the tray app, whose drive log feeds the removable-media check."""
        return lambda: self.device(drives)[0].run(self.policy.policy)

    def grace_state(self) -> GraceState:
        """When each failing device check was first seen, kept across restarts."""
        from desktop.core.device.grace import STATE_FILE, GraceState

        return GraceState(self.paths.config / STATE_FILE)

    # -- IT's posture document -------------------------------------------------------

    def posture_path(self, system: System) -> Path:
        """Where this person's posture document lives on ``system``."""
        from desktop.core.posture.store import posture_path

        return posture_path(system, self.env, self.home)

    def posture_recorder(self, system: System) -> PostureRecorder:
        """The one recorder of the posture document and its mirrors on ``system``."""
        from desktop.platform.posture import posture_recorder, reading_context

        return posture_recorder(
            system,
            self.posture_path(system),
            journal_socket=self.env.get("HYGIENE_JOURNAL_SOCKET"),
            read_in=reading_context(system, self.env),
        )

    def history_probe(self) -> None:
        """Raises when this person's keyring cannot hold the password history (it never
        reads a secret, so it never asks for the keyring to be unlocked)."""
        from desktop.platform.posture import check_history_store

        check_history_store(self._keyring_backend)
