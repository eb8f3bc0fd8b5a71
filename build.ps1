#!/usr/bin/env pwsh
# AkkaKv build script: dotnet tool restore && dotnet pwsh ./build.ps1 <target>
#   build    compile everything (Release)
#   test     run every test suite; starts the machine's PostgreSQL 15 for the PostgreSQL tests if none is configured,
#            and installs redis-tools and redis-server (redis-cli, redis-benchmark, a Redis to compare replies with)
#            for the RESP tests if they are missing
#   run      start a node with the embedded default (SQLite under ./data, HTTP on 127.0.0.1:8080)
#   bench    HTTP load benchmark against etcd on this machine (bench/compare-etcd.sh; installs etcd with apt if missing)
#   publish  self-contained-free publish of the node into ./artifacts/akkakv-server
#   cluster  a local three-node cluster in store mode: one lighthouse (127.0.0.1:4053), nodes on HTTP 8081-8083,
#            RESP 6381-6383, remoting 4054-4056, data and logs under ./.cluster, journal in the PostgreSQL database
#            akkakv_local (created if missing); Ctrl+C stops them all
#   rolling-drill  the full rolling-deploy drill: a lighthouse and three nodes on PostgreSQL, writers and a reader
#            through all of them, every node replaced in turn as a StatefulSet rolling update does, AKKAKV_ROLLING_ROUNDS
#            times (default 3) with AKKAKV_ROLLING_WRITERS writers (default 8); prints acknowledged and lost writes,
#            failures by kind and the longest unavailability. The test suite runs a one-round version of the same drill.
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'run', 'bench', 'publish', 'cluster', 'rolling-drill')]
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

# The RESP integration tests run redis-cli and redis-benchmark (Debian's redis-tools), and compare replies with a real
# redis-server; they fail without them, on purpose. CI runs as root on Debian: install them when they are not on PATH.
function Initialize-RedisTools {
    if ((Get-Command redis-cli -ErrorAction SilentlyContinue) -and (Get-Command redis-benchmark -ErrorAction SilentlyContinue) -and
        (Get-Command redis-server -ErrorAction SilentlyContinue)) { return }
    if (-not (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        throw 'redis-cli/redis-benchmark/redis-server were not found and there is no apt-get here: install redis-tools and redis-server'
    }
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Checked 'apt-get' @('update', '-qq')
    Invoke-Checked 'apt-get' @('install', '-y', '-qq', 'redis-tools', 'redis-server')
}

# A connection string for database $Name on the server AKKAKV_TEST_POSTGRES names, creating the database if missing.
function Initialize-LocalDatabase([string]$Name) {
    $parts = @{}
    foreach ($pair in $env:AKKAKV_TEST_POSTGRES.Split(';', [StringSplitOptions]::RemoveEmptyEntries)) {
        $key, $value = $pair.Split('=', 2)
        $parts[$key.Trim().ToLowerInvariant()] = $value
    }
    $hostName = if ($parts['host']) { $parts['host'] } else { '127.0.0.1' }
    $port = if ($parts['port']) { $parts['port'] } else { '5432' }
    $user = if ($parts['username']) { $parts['username'] } else { 'postgres' }
    $env:PGPASSWORD = $parts['password']
    try {
        $psql = @('-h', $hostName, '-p', $port, '-U', $user, '-d', 'postgres', '-tAq', '-c')
        $exists = & psql @psql "SELECT 1 FROM pg_database WHERE datname = '$Name'"
        if ($LASTEXITCODE -ne 0) { throw "psql could not reach PostgreSQL at ${hostName}:$port" }
        if (-not $exists) { Invoke-Checked 'psql' ($psql + "CREATE DATABASE $Name") }
    }
    finally {
        Remove-Item Env:PGPASSWORD -ErrorAction SilentlyContinue
    }
    return "Host=$hostName;Port=$port;Username=$user;Password=$($parts['password']);Database=$Name"
}

# Starts `dotnet <dll> <args>` in the background with its output in $Log(.out/.err); returns the process.
function Start-Member([string]$Dll, [string[]]$Arguments, [string]$Log) {
    Start-Process -FilePath 'dotnet' -ArgumentList (@($Dll) + $Arguments) -PassThru -NoNewWindow `
        -RedirectStandardOutput "$Log.out" -RedirectStandardError "$Log.err"
}

# SIGTERM (a graceful leave), then SIGKILL after 20 s: each process by its id.
function Stop-Member([System.Diagnostics.Process]$Process) {
    if ($Process.HasExited) { return }
    & kill -TERM $Process.Id 2>$null
    if (-not $Process.WaitForExit(20000)) { Stop-Process -Id $Process.Id -Force -ErrorAction SilentlyContinue }
}

function Start-LocalCluster {
    Invoke-Checked 'dotnet' @('build', 'AkkaKv.sln', '-c', $Configuration)
    Initialize-Postgres
    $journal = Initialize-LocalDatabase 'akkakv_local'
    $root = Join-Path $PSScriptRoot '.cluster'
    New-Item -ItemType Directory -Force -Path (Join-Path $root 'logs') | Out-Null
    $lighthouseDll = Join-Path $PSScriptRoot "lighthouse/AkkaKv.Lighthouse/bin/$Configuration/net10.0/akkakv-lighthouse.dll"
    $serverDll = Join-Path $PSScriptRoot "src/AkkaKv.Server/bin/$Configuration/net10.0/akkakv-server.dll"
    $seed = 'akka.tcp://akkakv@127.0.0.1:4053'
    $members = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()
    try {
        $env:CLUSTER_IP = '127.0.0.1'
        $env:CLUSTER_PORT = '4053'
        try { $members.Add((Start-Member $lighthouseDll @() (Join-Path $root 'logs/lighthouse'))) }
        finally { Remove-Item Env:CLUSTER_IP, Env:CLUSTER_PORT -ErrorAction SilentlyContinue }
        foreach ($n in 1..3) {
            $dataDir = Join-Path $root "node$n"
            New-Item -ItemType Directory -Force -Path $dataDir | Out-Null
            $members.Add((Start-Member $serverDll @(
                "--AkkaKv:DataDir=$dataDir",
                "--AkkaKv:Http:Port=$(8080 + $n)",
                "--AkkaKv:Resp:Port=$(6380 + $n)",
                "--AkkaKv:Remote:Port=$(4053 + $n)",
                "--AkkaKv:Management:Port=$(9110 + $n)",
                "--AkkaKv:Remote:Seeds:0=$seed",
                '--AkkaKv:Journal:Provider=PostgreSql',
                "--AkkaKv:Journal:ConnectionString=$journal") (Join-Path $root "logs/node$n")))
        }

        # Ready when every node answers /healthz/ready (it is then an Up member serving its slots).
        $ProgressPreference = 'SilentlyContinue'
        $deadline = (Get-Date).AddSeconds(90)
        foreach ($n in 1..3) {
            while ($true) {
                if ($members[$n].HasExited) { throw "node$n exited with $($members[$n].ExitCode); see .cluster/logs/node$n.out/.err" }
                try {
                    Invoke-WebRequest -Uri "http://127.0.0.1:$(8080 + $n)/healthz/ready" -TimeoutSec 2 | Out-Null
                    break
                }
                catch {
                    if ((Get-Date) -gt $deadline) { throw "node$n not ready within 90 s; see .cluster/logs/node$n.out" }
                    Start-Sleep -Milliseconds 500
                }
            }
        }

        Write-Host ''
        Write-Host "lighthouse  $seed (pid $($members[0].Id))"
        foreach ($n in 1..3) {
            Write-Host ("node{0}       http://127.0.0.1:{1}  resp 127.0.0.1:{2}  remote akka.tcp://akkakv@127.0.0.1:{3}  (pid {4})" -f `
                $n, (8080 + $n), (6380 + $n), (4053 + $n), $members[$n].Id)
        }
        Write-Host "journal     PostgreSQL database akkakv_local; data and logs under .cluster/"
        Write-Host 'cluster     curl http://127.0.0.1:8081/v1/cluster'
        Write-Host 'Ctrl+C stops the cluster.'
        $reported = [System.Collections.Generic.HashSet[int]]::new()
        while ($true) {
            foreach ($member in $members) {
                if ($member.HasExited -and $reported.Add($member.Id)) { Write-Warning "pid $($member.Id) exited with $($member.ExitCode)" }
            }
            Start-Sleep -Seconds 1
        }
    }
    finally {
        # Ctrl+C lands here too: the nodes leave first, then the lighthouse.
        Write-Host 'stopping the cluster...'
        foreach ($member in @($members | Select-Object -Skip 1) + @($members | Select-Object -First 1)) { Stop-Member $member }
    }
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
    'cluster' { Start-LocalCluster }
    'rolling-drill' {
        Initialize-Postgres
        if (-not $env:AKKAKV_ROLLING_ROUNDS) { $env:AKKAKV_ROLLING_ROUNDS = '3' }
        if (-not $env:AKKAKV_ROLLING_WRITERS) { $env:AKKAKV_ROLLING_WRITERS = '8' }
        Invoke-Checked 'dotnet' @('test', 'tests/AkkaKv.Server.Tests', '-c', $Configuration,
            '--filter', 'FullyQualifiedName~RollingDeployDrillTests', '--logger', 'console;verbosity=detailed')
    }
}
