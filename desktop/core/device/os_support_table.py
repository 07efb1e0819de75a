"""The end-of-support table: when each operating system version stops getting security
updates, from each vendor's published dates, with the source of every row.

End of security support per operating system version, from each vendor's published
dates. An end of None: the vendor publishes no date, so the app says it cannot tell. Debian
rows use the end of Debian LTS (run by the Debian project); Ubuntu rows the end of
standard support (not paid Expanded Security Maintenance). Windows rows are per build
and edition group: home_pro (Home, Pro, Pro Education, Pro for Workstations), enterprise
(Enterprise, Education, IoT Enterprise), ltsc (Long-Term Servicing Channel). IT adds or
overrides rows with the policy key os_end_of_support.

This module is data only; ``support`` reads it. Checked against the sources on
2026-12-01.
"""

from __future__ import annotations

from desktop.core.kit.i18n import N_

CHECKED_ON = "2026-12-01"

# (family, version, edition group, name, end date or None, source)
ROWS: tuple[tuple[str, str, str, str, str | None, str], ...] = (
    (
        "debian",
        "10",
        "",
        "Debian 10",
        "2024-06-30",
        "https://wiki.debian.org/LTS (buster LTS ended 30 June 2024)",
    ),
    (
        "debian",
        "11",
        "",
        "Debian 11",
        "2026-08-31",
        "https://wiki.debian.org/LTS (bullseye LTS until 31 August 2026)",
    ),
    (
        "debian",
        "12",
        "",
        "Debian 12",
        "2028-06-30",
        "https://wiki.debian.org/LTS (bookworm LTS until 30 June 2028)",
    ),
    (
        "debian",
        "13",
        "",
        "Debian 13",
        "2030-06-30",
        "https://wiki.debian.org/LTS (trixie LTS until 30 June 2030)",
    ),
    (
        "ubuntu",
        "18.04",
        "",
        "Ubuntu 18.04 LTS",
        "2023-05-31",
        "https://ubuntu.com/about/release-cycle (standard support to May 2023)",
    ),
    (
        "ubuntu",
        "20.04",
        "",
        "Ubuntu 20.04 LTS",
        "2025-05-31",
        "https://ubuntu.com/about/release-cycle (standard support to May 2025)",
    ),
    (
        "ubuntu",
        "22.04",
        "",
        "Ubuntu 22.04 LTS",
        "2027-04-01",
        "https://ubuntu.com/about/release-cycle (standard support to April 2027)",
    ),
    (
        "ubuntu",
        "24.04",
        "",
        "Ubuntu 24.04 LTS",
        "2029-05-31",
        "https://ubuntu.com/about/release-cycle (standard support to May 2029)",
    ),
    (
        "ubuntu",
        "26.04",
        "",
        "Ubuntu 26.04 LTS",
        "2031-04-30",
        "https://ubuntu.com/about/release-cycle (standard support to April 2031)",
    ),
    (
        "windows",
        "10.0.19044",
        "home_pro",
        "Windows 10 21H2",
        "2023-06-13",
        "https://learn.microsoft.com/lifecycle/products/windows-10-home-and-pro",
    ),
    (
        "windows",
        "10.0.19044",
        "enterprise",
        "Windows 10 21H2",
        "2024-06-11",
        "https://learn.microsoft.com/lifecycle/products/windows-10-enterprise-and-education",
    ),
    (
        "windows",
        "10.0.19044",
        "ltsc",
        "Windows 10 LTSC 2021",
        "2027-01-12",
        "https://learn.microsoft.com/lifecycle/products/windows-10-enterprise-ltsc-2021",
    ),
    (
        "windows",
        "10.0.19045",
        "home_pro",
        "Windows 10 22H2",
        "2025-10-14",
        "https://learn.microsoft.com/lifecycle/products/windows-10-home-and-pro",
    ),
    (
        "windows",
        "10.0.19045",
        "enterprise",
        "Windows 10 22H2",
        "2025-10-14",
        "https://learn.microsoft.com/lifecycle/products/windows-10-enterprise-and-education",
    ),
    (
        "windows",
        "10.0.17763",
        "ltsc",
        "Windows 10 LTSC 2019",
        "2029-01-09",
        "https://learn.microsoft.com/lifecycle/products/windows-10-enterprise-ltsc-2019",
    ),
    (
        "windows",
        "10.0.22000",
        "home_pro",
        "Windows 11 21H2",
        "2023-10-10",
        "https://learn.microsoft.com/lifecycle/products/windows-11-home-and-pro",
    ),
    (
        "windows",
        "10.0.22000",
        "enterprise",
        "Windows 11 21H2",
        "2024-10-08",
        "https://learn.microsoft.com/lifecycle/products/windows-11-enterprise-and-education",
    ),
    (
        "windows",
        "10.0.22621",
        "home_pro",
        "Windows 11 22H2",
        "2024-10-08",
        "https://learn.microsoft.com/lifecycle/products/windows-11-home-and-pro",
    ),
    (
        "windows",
        "10.0.22621",
        "enterprise",
        "Windows 11 22H2",
        "2025-10-14",
        "https://learn.microsoft.com/lifecycle/products/windows-11-enterprise-and-education",
    ),
    (
        "windows",
        "10.0.22631",
        "home_pro",
        "Windows 11 23H2",
        "2025-11-11",
        "https://learn.microsoft.com/lifecycle/products/windows-11-home-and-pro",
    ),
    (
        "windows",
        "10.0.22631",
        "enterprise",
        "Windows 11 23H2",
        "2026-11-10",
        "https://learn.microsoft.com/lifecycle/products/windows-11-enterprise-and-education",
    ),
    (
        "windows",
        "10.0.26100",
        "home_pro",
        "Windows 11 24H2",
        "2026-10-13",
        "https://learn.microsoft.com/lifecycle/products/windows-11-home-and-pro",
    ),
    (
        "windows",
        "10.0.26100",
        "enterprise",
        "Windows 11 24H2",
        "2027-10-12",
        "https://learn.microsoft.com/lifecycle/products/windows-11-enterprise-and-education",
    ),
    (
        "windows",
        "10.0.26100",
        "ltsc",
        "Windows 11 LTSC 2024",
        "2029-10-09",
        "https://learn.microsoft.com/lifecycle/products/windows-11-enterprise-ltsc-2024",
    ),
    (
        "windows",
        "10.0.26200",
        "home_pro",
        "Windows 11 25H2",
        "2027-10-12",
        "https://learn.microsoft.com/lifecycle/products/windows-11-home-and-pro",
    ),
    (
        "windows",
        "10.0.26200",
        "enterprise",
        "Windows 11 25H2",
        "2028-10-10",
        "https://learn.microsoft.com/lifecycle/products/windows-11-enterprise-and-education",
    ),
    (
        "macos",
        "11",
        "",
        N_("macOS 11 Big Sur"),
        "2023-09-26",
        N_(
            "Apple publishes no end dates; https://support.apple.com/en-us/100100 "
            "lists no security content for it after macOS 14 came out (26 September 2023)"
        ),
    ),
    (
        "macos",
        "12",
        "",
        "macOS 12 Monterey",
        "2024-09-16",
        N_(
            "Apple publishes no end dates; https://support.apple.com/en-us/100100 "
            "lists no security content for it after macOS 15 came out (16 September 2024)"
        ),
    ),
    (
        "macos",
        "13",
        "",
        "macOS 13 Ventura",
        "2025-09-15",
        N_(
            "Apple publishes no end dates; https://support.apple.com/en-us/100100 "
            "lists no security content for it after macOS 26 came out (15 September 2025)"
        ),
    ),
    (
        "macos",
        "14",
        "",
        "macOS 14 Sonoma",
        None,
        N_("Apple publishes no end dates (https://support.apple.com/en-us/100100)"),
    ),
    (
        "macos",
        "15",
        "",
        "macOS 15 Sequoia",
        None,
        N_("Apple publishes no end dates (https://support.apple.com/en-us/100100)"),
    ),
    (
        "macos",
        "26",
        "",
        "macOS 26 Tahoe",
        None,
        N_("Apple publishes no end dates (https://support.apple.com/en-us/100100)"),
    ),
)
