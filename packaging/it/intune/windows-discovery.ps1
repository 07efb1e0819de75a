# Intune custom compliance, Windows discovery script for Hygiene Helper.
# With "Run this script using the logged on credentials" it reads the person's own
# document. By default Intune runs it as SYSTEM, and then it reads the newest document of
# any profile under C:\Users (on a shared PC, the person who was checked last). It prints
# the document without the "checks" list as one line of compressed JSON. With no document
# it prints {"schema":0}: every rule then finds its setting missing (not compliant).
$ErrorActionPreference = 'Stop'
$own = if ($env:LOCALAPPDATA) { Join-Path $env:LOCALAPPDATA 'HygieneHelper\posture.json' } else { '' }
if ($own -and (Test-Path -LiteralPath $own)) {
    $docs = @(Get-Item -LiteralPath $own)
} else {
    $docs = @(Get-ChildItem -Path 'C:\Users\*\AppData\Local\HygieneHelper\posture.json' -ErrorAction SilentlyContinue |
        Sort-Object LastWriteTimeUtc -Descending)
}
$result = [ordered]@{ schema = 0 }
if ($docs.Count -gt 0) {
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
