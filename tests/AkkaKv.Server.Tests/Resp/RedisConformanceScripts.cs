namespace AkkaKv.Server.Tests.Resp;

/// <summary>redis-cli scripts whose every reply AkkaKv must print exactly as Redis does (<see cref="RedisConformanceTests"/>):
/// replies, error texts, and which bad input is refused. <c>@</c> stands for a hash tag of the test's own, so that
/// multi-key commands find their keys in one slot. Left out on purpose, as the README's table says they differ: empty
/// keys, SELECT of another db, key order (KEYS, SCAN, RANDOMKEY), INCRBYFLOAT's last digits (Redis's long double),
/// anything naming the server's version, ids or addresses (HELLO, INFO, CLIENT INFO/LIST), OBJECT REFCOUNT of small
/// integers (Redis shares them), maxmemory-samples over 64 (Redis takes any count), and what Redis 7.2 added over the
/// 7.0 that Debian serves (CLIENT SETINFO, NO-TOUCH).</summary>
public static class RedisConformanceScripts
{
    public const string Strings = """
        SET @a v1
        GET @a
        SET @a v2 NX
        SET @a v2 XX GET
        SET @a v3 EX 0
        SET @a v3 EX -5
        SET @a v3 PX 100 EX 100
        SET @a v3 NX XX
        SET @a v3 KEEPTTL EX 10
        SET @a v3 EX notanumber
        SET @a v3 EX 9999999999999999
        SET @a v3 BOGUS
        SET @a
        GET @a extra
        SET @missing v GET XX
        SETNX @a x
        SETNX @b x
        SETEX @c 0 v
        SETEX @c -1 v
        SETEX @c abc v
        PSETEX @c 0 v
        GETSET @a newv
        GETDEL @a
        GETDEL @a
        GETEX @b
        GETEX @b PERSIST
        GETEX @b EX 10 PX 10
        GETEX @b BOGUS
        GETEX @missing EX 10
        GETEX @missing EX abc
        GETEX @missing EXAT -5
        GETEX @b EX abc
        GETEX @b PXAT -5
        GETEX @b PX 0
        MGET @a @b @missing
        MSET @m1 1 @m2
        MSET @m1 1 @m2 2
        MSETNX @m1 1 @m3 3
        MSETNX @m3 3 @m4 4
        MGET @m1 @m2 @m3 @m4
        APPEND @m1 xyz
        APPEND @new hi
        STRLEN @m1
        STRLEN @missing
        GETRANGE @m1 0 -1
        GETRANGE @m1 -100 100
        GETRANGE @m1 5 2
        GETRANGE @m1 x 2
        GETRANGE @missing 0 -1
        SUBSTR @m1 1 2
        SETRANGE @m1 1 Z
        SETRANGE @m1 -1 Z
        SETRANGE @empty 0 ""
        SETRANGE @padded 3 abc
        EXISTS @empty
        STRLEN @padded
        SET @dup v1 EX 10 EX 20
        TTL @dup
        SET @dup v2 XX XX GET GET
        SET @dup v3 KEEPTTL KEEPTTL
        TTL @dup
        SET @dup v4 PX 100000 PX 200000
        TTL @dup
        SET @dup v5 EX abc EX 30
        TTL @dup
        SET @dup v6 EX 10 PX 10
        SET @dup v6 EX 10 KEEPTTL
        SET @dup v6 KEEPTTL PX 10
        SET @dup v6 NX NX
        SET @dup v6 NX XX NX
        GETEX @dup EX 50 EX 40
        TTL @dup
        GETEX @dup PERSIST PERSIST
        TTL @dup
        GETEX @dup PERSIST EX 10
        GETEX @dup EX 10 PERSIST
        GETEX @dup EX abc EX 60
        TTL @dup
        """;

    public const string Numbers = """
        INCR @n
        INCR @n extra
        INCRBY @n 10
        INCRBY @n abc
        INCRBY @n 9223372036854775807
        DECR @n
        DECRBY @n -5
        DECRBY @n 9223372036854775808
        GET @n
        SET @big 9223372036854775807
        INCR @big
        SET @neg -9223372036854775808
        DECR @neg
        SET @sp " 1"
        INCR @sp
        SET @word abc
        INCR @word
        SET @f 10.5
        INCRBYFLOAT @f 0.1
        INCRBYFLOAT @f abc
        INCRBYFLOAT @f inf
        INCR @f
        SET @e 1e3
        INCR @e
        INCRBYFLOAT @nf 1
        INCRBYFLOAT @nf -1.5
        INCRBYFLOAT @g nan
        INCRBYFLOAT @g 3.0
        INCRBYFLOAT @g 1.5e1
        INCRBYFLOAT @g .5
        INCRBYFLOAT @g 5.
        INCRBYFLOAT @g " 1"
        GET @g
        DECRBY @h -9223372036854775808
        INCRBY @h -9223372036854775808
        DECRBY @h 1
        INCRBYFLOAT @p1 1.23456789012345678
        INCRBYFLOAT @p2 9007199254740993
        INCRBYFLOAT @p3 3.0000000000000001
        INCRBYFLOAT @p3 -3
        """;

    public const string KeysAndExpiry = """
        SET @a 1
        SET @b 2
        SET @c three
        EXISTS @a @b @missing @a
        EXISTS
        TOUCH @a @b @missing @a
        TOUCH
        TYPE @a
        TYPE @missing
        EXPIRE @a 100
        EXPIRE @a 100 NX
        EXPIRE @a 100 XX
        EXPIRE @a 50 GT
        EXPIRE @a 200 GT
        EXPIRE @a 50 LT
        EXPIRE @a 10 NX XX
        EXPIRE @a 10 GT LT
        EXPIRE @a abc
        EXPIRE @missing 10
        EXPIREAT @a 9999999999
        EXPIRETIME @a
        PEXPIRETIME @a
        PEXPIREAT @a 0
        EXISTS @a
        EXPIRE @b -1
        EXISTS @b
        PERSIST @b
        PERSIST @c
        TTL @c
        PTTL @missing
        TTL @missing
        EXPIRETIME @c
        EXPIRETIME @missing
        SET @t v EX 100
        PERSIST @t
        TTL @t
        RENAME @missing @x
        RENAME @c @d
        GET @d
        RENAMENX @d @d
        RENAME @d @d
        SET @e 5
        RENAMENX @d @e
        OBJECT ENCODING @d
        OBJECT ENCODING @missing
        OBJECT REFCOUNT @d
        OBJECT FREQ @d
        OBJECT FREQ @missing
        OBJECT IDLETIME @missing
        DEL
        DEL @missing
        DEL @d @e @missing
        UNLINK @t
        SET @y 10 GET
        SET @y 11 NX GET
        SET @nx 1 NX GET
        GETEX @y PXAT 1
        EXISTS @y
        SET @z 1 EXAT 1
        EXISTS @z
        SET @z 1 PXAT 9999999999999
        PEXPIRETIME @z
        EXPIRE @z 9223372036854775807
        PEXPIRE @z 9223372036854775807
        EXPIREAT @z 9223372036854775807
        EXPIRE @z -9223372036854775808
        PEXPIRETIME @z
        """;

    public const string ConnectionAndErrors = """
        PING
        PING hello
        PING a b
        ECHO hello
        ECHO
        ECHO a b
        SELECT 0
        SELECT abc
        SELECT
        BOGUS
        BOGUS arg1 "arg 2"
        GET
        AUTH
        AUTH x
        WAIT 0 0
        WAIT abc 0
        WAIT 1
        DBSIZE x
        FLUSHALL bogus
        FLUSHDB SYNC extra
        SCAN 0 COUNT abc
        SCAN 0 COUNT -1
        SCAN 0 TYPE
        SCAN 0 BOGUS 1
        SCAN abc
        KEYS
        KEYS a b
        RANDOMKEY x
        TIME x
        HELLO 4
        HELLO abc
        HELLO 3 AUTH
        HELLO 2 SETNAME a b
        AUTH default anything
        ROLE
        ROLE x
        AUTH nosuchuser pw
        AUTH a b c
        HELLO 3 AUTH nosuchuser pw
        SCAN 18446744073709551616
        SCAN -18446744073709551616
        SCAN 5x
        SCAN " 5"
        SCAN -
        EXEC extra
        """;

    public const string Containers = """
        CLIENT
        CLIENT SETNAME
        CLIENT SETNAME a b
        CLIENT SETNAME "my name"
        CLIENT SETNAME conformance
        CLIENT GETNAME
        CLIENT GETNAME x
        CLIENT ID x
        CLIENT INFO x
        CLIENT BOGUS
        CLIENT NO-EVICT
        CLIENT NO-EVICT maybe
        CLIENT NO-EVICT on
        CLIENT NO-EVICT OFF
        CLIENT LIST bogus
        CLIENT LIST TYPE bogus
        CLIENT LIST ID abc
        CONFIG
        CONFIG GET
        CONFIG GET maxmemory
        CONFIG GET maxmemory-policy
        CONFIG SET maxmemory
        CONFIG SET maxmemory abc
        CONFIG SET maxmemory -1
        CONFIG SET maxmemory 1.5mb
        CONFIG SET maxmemory-policy bogus
        CONFIG SET maxmemory-samples x
        CONFIG SET lfu-log-factor -1
        CONFIG SET bogus 1
        CONFIG SET a b c
        CONFIG SET maxmemory 0 maxmemory-policy
        CONFIG RESETSTAT x
        CONFIG BOGUS
        OBJECT
        OBJECT FREQ
        OBJECT FREQ a b
        OBJECT ENCODING
        OBJECT IDLETIME
        OBJECT BOGUS x
        COMMAND BOGUS
        COMMAND COUNT x
        COMMAND HELP x
        COMMAND INFO nosuch
        COMMAND DOCS nosuch
        COMMAND LIST FILTERBY
        COMMAND LIST FILTERBY bogus x
        COMMAND LIST FILTERBY module x
        COMMAND LIST bogus
        COMMAND GETKEYS
        COMMAND GETKEYS get
        COMMAND GETKEYS get k
        COMMAND GETKEYS mset a 1 b 2
        COMMAND GETKEYS set k v EX 10
        COMMAND GETKEYS ping
        COMMAND GETKEYS nosuch a
        """;

    public const string Transactions = """
        MULTI
        SET @a 1
        INCR @a
        GET @a
        EXEC
        MULTI
        MULTI
        DISCARD
        DISCARD
        EXEC
        MULTI
        SET @a
        GET @a
        EXEC
        MULTI
        BOGUS
        EXEC
        GET @a
        WATCH
        WATCH @a
        MULTI
        INCR @a
        EXEC
        UNWATCH
        MULTI
        INCR @a
        DISCARD
        GET @a
        SET @s text
        MULTI
        INCR @s
        SET @s2 v
        GET @s2
        EXEC
        MULTI
        EXEC
        MULTI
        SET @x 1
        INCRBY @x abc
        SET @y 1 BOGUS
        EXPIRE @x abc
        PING a b
        GETEX @x EX 0
        GET @x
        EXEC
        GET @x
        EXISTS @y
        MULTI
        SET @x 2
        ECHO
        EXEC
        GET @x
        MULTI
        SET @x 3
        EXEC extra
        EXEC
        DISCARD
        GET @x
        """;
}
