# Intune custom compliance, Windows discovery script for Hygiene Helper.
# Intune runs compliance scripts as SYSTEM, so this reads the newest posture document of
# any profile under C:\Users (on a shared PC, the person who signed in last). It prints the
# document without the "checks" list as one line of compressed JSON. With no document it
# prints {"schema":0}: every rule then finds its setting missing (not compliant).
$ErrorActionPreference = 'Stop'
$docs = Get-ChildItem -Path 'C:\Users\*\AppData\Local\HygieneHelper\posture.json' -ErrorAction SilentlyContinue |
    Sort-Object LastWriteTimeUtc -Descending
$result = [ordered]@{ schema = 0 }
if ($docs) {
    try {
        $doc = Get-Content -LiteralPath $docs[0].FullName -Raw -Encoding UTF8 | ConvertFrom-Json
        $result = [ordered]@{}
        foreach ($p in $doc.PSObject.Properties) {
            if ($p.Name -ne 'checks') { $result[$p.Name] = $p.Value }
        }
    } catch {
        $result = [ordered]@{ schema = 0 }
    }
}
$result | ConvertTo-Json -Compress
