"""The policy service: one policy in force, read again on request, announced to listeners."""

from __future__ import annotations

from pathlib import Path

from desktop.core.policy.resolve import load_effective_policy
from desktop.core.policy.service import PolicyService
from desktop.core.settings import UserSettings


def test_reload_reads_the_sources_again_and_tells_every_listener(tmp_path: Path) -> None:
    settings = UserSettings(tmp_path / "settings.json")
    settings.save({"nudge_after": 120})
    service = PolicyService(
        lambda: load_effective_policy(tmp_path / "absent.toml", settings, readers=())
    )
    assert service.policy.nudge_after == 120
    heard: list[int] = []
    stop = service.subscribe(lambda eff: heard.append(eff.policy.nudge_after))
    settings.save({"nudge_after": 300})
    assert service.policy.nudge_after == 120  # nothing changes until asked to reload
    service.reload()
    assert service.policy.nudge_after == 300 and heard == [300]
    stop()
    service.reload()
    assert heard == [300]


def test_a_failing_listener_does_not_keep_the_policy_from_the_others(tmp_path: Path) -> None:
    service = PolicyService(
        lambda: load_effective_policy(
            tmp_path / "absent.toml", UserSettings(tmp_path / "s.json"), readers=()
        )
    )
    heard: list[str] = []

    def broken(_eff: object) -> None:
        raise RuntimeError("listener bug")

    service.subscribe(broken)
    service.subscribe(lambda eff: heard.append("told"))
    service.reload()
    assert heard == ["told"]
