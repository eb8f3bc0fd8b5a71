#!/usr/bin/env pwsh
# AkkaKv build script: dotnet tool restore && dotnet pwsh ./build.ps1 <target>
#   build    compile everything (Release)
#   test     run every test suite; starts the machine's PostgreSQL 15 for the PostgreSQL tests if none is configured,
#            and installs redis-tools (redis-cli, redis-benchmark) for the RESP tests if they are missing
#   run      start a node with the embedded default (SQLite under ./data, HTTP on 127.0.0.1:8080)
#   bench    HTTP load benchmark against etcd on this machine (bench/compare-etcd.sh; installs etcd with apt if missing)
#   publish  self-contained-free publish of the node into ./artifacts/akkakv-server
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'run', 'bench', 'publish')]
    [string]$Target = 'build',
    [Parameter(ValueFromRemainingArguments = $true)]
    [string[]]$Rest = @()
)

$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$Configuration = 'Release'

function Invoke-Checked([string]$Command, [string[]]$Arguments) {
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Command $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

# The PostgreSQL tests need a server. Use AKKAKV_TEST_POSTGRES when set; otherwise start the local PostgreSQL 15
# cluster (installed, not running, on a fresh machine) and give the postgres user a password for TCP logins.
function Initialize-Postgres {
    if ($env:AKKAKV_TEST_POSTGRES) { return }
    if (-not (Get-Command pg_ctlcluster -ErrorAction SilentlyContinue)) {
        throw 'AKKAKV_TEST_POSTGRES is not set and no local PostgreSQL (pg_ctlcluster) was found'
    }
    $password = 'akkakv'
    & pg_ctlcluster 15 main start 2>$null  # exits non-zero when already running; checked just below
    Invoke-Checked 'pg_isready' @('-h', '127.0.0.1', '-p', '5432', '-t', '30')
    Invoke-Checked 'su' @('postgres', '-c', "psql -q -c `"ALTER USER postgres PASSWORD '$password'`"")
    $env:AKKAKV_TEST_POSTGRES = "Host=127.0.0.1;Port=5432;Username=postgres;Password=$password"
}

# The RESP integration tests run redis-cli and redis-benchmark (Debian's redis-tools) and fail without them, on
# purpose. CI runs as root on Debian: install them when they are not on PATH.
function Initialize-RedisTools {
    if ((Get-Command redis-cli -ErrorAction SilentlyContinue) -and (Get-Command redis-benchmark -ErrorAction SilentlyContinue)) { return }
    if (-not (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        throw 'redis-cli/redis-benchmark were not found and there is no apt-get here: install redis-tools'
    }
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Checked 'apt-get' @('update', '-qq')
    Invoke-Checked 'apt-get' @('install', '-y', '-qq', 'redis-tools')
}

switch ($Target) {
    'build' { Invoke-Checked 'dotnet' @('build', 'AkkaKv.sln', '-c', $Configuration) }
    'test' {
        Initialize-Postgres
        Initialize-RedisTools
        Invoke-Checked 'dotnet' (@('test', 'AkkaKv.sln', '-c', $Configuration) + $Rest)
    }
    'run' { Invoke-Checked 'dotnet' (@('run', '-c', $Configuration, '--project', 'src/AkkaKv.Server', '--') + $Rest) }
    'bench' { Invoke-Checked 'bash' (@('bench/compare-etcd.sh') + $Rest) }
    'publish' { Invoke-Checked 'dotnet' @('publish', 'src/AkkaKv.Server', '-c', $Configuration, '-o', 'artifacts/akkakv-server') }
}
