using System.Globalization;
using AkkaKv.Ops;
using AkkaKv.Resp.Execution;

namespace AkkaKv.Resp.Commands;

/// <summary>Connection commands: PING, ECHO, HELLO, AUTH, SELECT, QUIT, RESET, CLIENT, READONLY, READWRITE.</summary>
internal static class ConnectionCommands
{
    public const string ServerVersion = "7.2.0";

    private static readonly string[] Fast = ["fast", "stale", "loading"];

    public static IEnumerable<RespCommand> All() =>
    [
        new("PING", -1, Fast, 0, 0, 0, "connection", "Returns the server's liveliness response.") { Direct = Ping, QueuedReply = QueuedPing },
        new("ECHO", 2, Fast, 0, 0, 0, "connection", "Returns the given string.") { Direct = Echo, QueuedReply = ctx => OpResult.Raw(ctx.Request[1].ToArray()) },
        new("HELLO", -1, ["noauth", "fast"], 0, 0, 0, "connection", "Handshakes with the Redis server.") { Direct = Hello, BeforeAuth = true },
        new("AUTH", -2, ["noauth", "fast"], 0, 0, 0, "connection", "Authenticates the connection.") { Direct = Auth, BeforeAuth = true },
        new("SELECT", 2, ["fast"], 0, 0, 0, "connection", "Changes the selected database.") { Direct = Select },
        new("QUIT", -1, ["noauth", "fast"], 0, 0, 0, "connection", "Closes the connection.") { Direct = Quit, BeforeAuth = true, ControlsTransaction = true },
        new("RESET", 1, ["noauth", "fast"], 0, 0, 0, "connection", "Resets the connection.") { Direct = Reset, BeforeAuth = true, ControlsTransaction = true },
        new("CLIENT", -2, ["admin"], 0, 0, 0, "connection", "A container for client connection commands.") { Direct = Client },
        new("READONLY", 1, ["fast", "loading", "stale"], 0, 0, 0, "cluster", "Enables read-only queries for a connection to a Redis Cluster replica node.") { Direct = ReadOnly },
        new("READWRITE", 1, ["fast", "loading", "stale"], 0, 0, 0, "cluster", "Enables read-write queries for a connection to a Redis Cluster replica node.") { Direct = ReadWrite },
    ];

    /// <summary>READONLY (Redis Cluster's switch to reading from replicas): this connection's GETs of replicated keys
    /// are answered by this node's replica, with no hop to the owner (read consistency local).</summary>
    private static ValueTask ReadOnly(RespContext ctx)
    {
        ctx.Session.ReadConsistency = AkkaKv.Replication.ReadConsistency.Local;
        ctx.Writer.Ok();
        return default;
    }

    /// <summary>READWRITE: back to reading every key from its owner (linearizable).</summary>
    private static ValueTask ReadWrite(RespContext ctx)
    {
        ctx.Session.ReadConsistency = AkkaKv.Replication.ReadConsistency.Linearizable;
        ctx.Writer.Ok();
        return default;
    }

    /// <summary>CLIENT CONSISTENCY [READ linearizable|majority|local] [WRITE local|majority|all]: the connection's
    /// consistency for replicated keys; with no arguments, the current levels as "read=… write=…".</summary>
    private static void Consistency(RespContext ctx)
    {
        var request = ctx.Request;
        if (request.Count == 2)
        {
            var write = ctx.Session.WriteConsistency ?? ctx.Node.Gateway.Replication?.Settings.Write ?? AkkaKv.Replication.WriteConsistency.Majority;
            ctx.Writer.Bulk($"read={AkkaKv.Replication.ConsistencyNames.NameOf(ctx.Session.ReadConsistency)} write={AkkaKv.Replication.ConsistencyNames.NameOf(write)}");
            return;
        }

        if (request.Count % 2 != 0)
        {
            ctx.Error("ERR syntax error: CLIENT CONSISTENCY [READ linearizable|majority|local] [WRITE local|majority|all]");
            return;
        }

        var read = ctx.Session.ReadConsistency;
        var written = ctx.Session.WriteConsistency;
        for (var i = 2; i < request.Count; i += 2)
        {
            if (request.Is(i, "READ") && AkkaKv.Replication.ConsistencyNames.TryParse(request.Text(i + 1), out AkkaKv.Replication.ReadConsistency r))
            {
                read = r;
            }
            else if (request.Is(i, "WRITE") && AkkaKv.Replication.ConsistencyNames.TryParse(request.Text(i + 1), out AkkaKv.Replication.WriteConsistency w))
            {
                written = w;
            }
            else
            {
                ctx.Error("ERR syntax error: CLIENT CONSISTENCY [READ linearizable|majority|local] [WRITE local|majority|all]");
                return;
            }
        }

        ctx.Session.ReadConsistency = read;
        ctx.Session.WriteConsistency = written;
        ctx.Writer.Ok();
    }

    private static ValueTask Ping(RespContext ctx)
    {
        if (ctx.Request.Count > 2)
        {
            ctx.ArityError();
        }
        else if (ctx.Request.Count == 2)
        {
            ctx.Writer.Bulk(ctx.Request[1]);
        }
        else
        {
            ctx.Writer.Raw("+PONG\r\n"u8);
        }

        return default;
    }

    private static OpResult? QueuedPing(RespContext ctx)
    {
        if (ctx.Request.Count > 2)
        {
            ctx.ArityError();
            return null;
        }

        return ctx.Request.Count == 2 ? OpResult.Raw(ctx.Request[1].ToArray()) : OpResult.Status("PONG");
    }

    private static ValueTask Echo(RespContext ctx)
    {
        ctx.Writer.Bulk(ctx.Request[1]);
        return default;
    }

    /// <summary>HELLO [protover [AUTH username password] [SETNAME clientname]]: switches RESP2/RESP3 and replies the
    /// server's properties.</summary>
    private static ValueTask Hello(RespContext ctx)
    {
        var request = ctx.Request;
        var protocol = ctx.Writer.Protocol;
        if (request.Count > 1)
        {
            if (!Redis.RedisNumbers.TryParseInt64(request[1], out var version))
            {
                ctx.Error("ERR Protocol version is not an integer or out of range");
                return default;
            }

            if (version is < 2 or > 3)
            {
                ctx.Error("NOPROTO unsupported protocol version");
                return default;
            }

            protocol = (int)version;
        }

        string? name = null;
        for (var i = 2; i < request.Count; i++)
        {
            if (request.Is(i, "AUTH") && i + 2 < request.Count)
            {
                if (!TryAuthenticate(ctx, request.Text(i + 1), request.Text(i + 2)))
                {
                    return default;
                }

                i += 2;
            }
            else if (request.Is(i, "SETNAME") && i + 1 < request.Count)
            {
                name = request.Text(++i);
                if (!IsValidName(name))
                {
                    ctx.Error("ERR Client names cannot contain spaces, newlines or special characters.");
                    return default;
                }
            }
            else
            {
                ctx.Error($"ERR Syntax error in HELLO option '{request.Text(i)}'");
                return default;
            }
        }

        if (ctx.Node.Settings.Resp.Password is not null && !ctx.Session.Authenticated)
        {
            ctx.Error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time");
            return default;
        }

        ctx.Session.Name = name ?? ctx.Session.Name;
        ctx.Session.Protocol = ctx.Writer.Protocol = protocol;
        var w = ctx.Writer;
        w.Map(7);
        w.Bulk("server");
        w.Bulk("redis");
        w.Bulk("version");
        w.Bulk(ServerVersion);
        w.Bulk("proto");
        w.Number(protocol);
        w.Bulk("id");
        w.Number(ctx.Session.Id);
        w.Bulk("mode");
        w.Bulk("standalone");
        w.Bulk("role");
        w.Bulk("master");
        w.Bulk("modules");
        w.Array(0);
        return default;
    }

    /// <summary>AUTH [username] password: only the "default" user exists, as in Redis with requirepass.</summary>
    private static ValueTask Auth(RespContext ctx)
    {
        var request = ctx.Request;
        if (request.Count > 3)
        {
            ctx.SyntaxError();
            return default;
        }

        // As Redis: the one-argument form names no user, so it only makes sense with a password; the two-argument form
        // (which clients send when given a user name) is checked as any login is: "default" gets in with any password
        // while none is set (Redis's default user is "nopass" then), other users do not exist.
        if (request.Count == 2 && ctx.Node.Settings.Resp.Password is null)
        {
            ctx.Error("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?");
            return default;
        }

        var user = request.Count == 3 ? request.Text(1) : "default";
        if (TryAuthenticate(ctx, user, request.Text(request.Count - 1)))
        {
            ctx.Writer.Ok();
        }

        return default;
    }

    private static bool TryAuthenticate(RespContext ctx, string? user, string? password)
    {
        var expected = ctx.Node.Settings.Resp.Password;
        if (user == "default" && (expected is null || password is not null && FixedTimeEquals(password, expected)))
        {
            ctx.Session.Authenticated = true;
            return true;
        }

        ctx.Error("WRONGPASS invalid username-password pair or user is disabled.");
        return false;
    }

    private static bool FixedTimeEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));

    private static ValueTask Select(RespContext ctx)
    {
        if (!Redis.RedisNumbers.TryParseInt64(ctx.Request[1], out var db))
        {
            ctx.Error("ERR value is not an integer or out of range");
        }
        else if (db != 0)
        {
            // Like Redis Cluster: one keyspace per cluster.
            ctx.Error("ERR DB index is out of range");
        }
        else
        {
            ctx.Writer.Ok();
        }

        return default;
    }

    private static ValueTask Quit(RespContext ctx)
    {
        ctx.Session.Closing = true;
        ctx.Writer.Ok();
        return default;
    }

    private static ValueTask Reset(RespContext ctx)
    {
        ctx.Session.Transaction = null;
        ctx.Session.TransactionFailed = false;
        ctx.Session.Watches.Clear();
        ctx.Session.Name = null;
        ctx.Session.Protocol = ctx.Writer.Protocol = 2;
        ctx.Session.Authenticated = ctx.Node.Settings.Resp.Password is null;
        ctx.Session.ReadConsistency = ctx.Node.Gateway.Replication?.Settings.Read ?? AkkaKv.Replication.ReadConsistency.Linearizable;
        ctx.Session.WriteConsistency = null;
        ctx.Writer.Simple("RESET");
        return default;
    }

    private static readonly Subcommands ClientSubcommands = new(
        "CLIENT", ("ID", 2), ("GETNAME", 2), ("SETNAME", 3), ("SETINFO", 4), ("INFO", 2), ("LIST", -2), ("NO-EVICT", 3), ("NO-TOUCH", 3),
        ("CONSISTENCY", -2), ("HELP", 2));

    /// <summary>CLIENT ID | GETNAME | SETNAME | SETINFO | INFO | LIST | NO-EVICT | NO-TOUCH | CONSISTENCY | HELP.</summary>
    private static ValueTask Client(RespContext ctx)
    {
        var request = ctx.Request;
        switch (ClientSubcommands.Resolve(ctx))
        {
            case "ID":
                ctx.Writer.Number(ctx.Session.Id);
                break;
            case "GETNAME":
                if (ctx.Session.Name is { Length: > 0 } name)
                {
                    ctx.Writer.Bulk(name);
                }
                else
                {
                    ctx.Writer.Null();
                }

                break;
            case "SETNAME":
                var newName = request.Text(2);
                if (!IsValidName(newName))
                {
                    ctx.Error("ERR Client names cannot contain spaces, newlines or special characters.");
                    break;
                }

                ctx.Session.Name = newName;
                ctx.Writer.Ok();
                break;
            case "SETINFO":
                var value = request.Text(3);
                if (request.Is(2, "LIB-NAME"))
                {
                    ctx.Session.LibraryName = value;
                }
                else if (request.Is(2, "LIB-VER"))
                {
                    ctx.Session.LibraryVersion = value;
                }
                else
                {
                    ctx.Error($"ERR Unrecognized option '{request.Text(2)}'");
                    break;
                }

                ctx.Writer.Ok();
                break;
            case "INFO":
                ctx.Writer.Verbatim(Describe(ctx.Session, ctx.Node) + "\n");
                break;
            case "LIST":
                List(ctx);
                break;
            case "NO-EVICT" or "NO-TOUCH" when request.Is(2, "ON") || request.Is(2, "OFF"):
                ctx.Writer.Ok();
                break;
            case "NO-EVICT" or "NO-TOUCH":
                ctx.SyntaxError();
                break;
            case "CONSISTENCY":
                Consistency(ctx);
                break;
            case "HELP":
                SubcommandHelp.Write(
                    ctx.Writer,
                    "CLIENT",
                    ("ID", ["Return the ID of the current connection."]),
                    ("GETNAME", ["Return the name of the current connection."]),
                    ("SETNAME <name>", ["Assign the name <name> to the current connection."]),
                    ("SETINFO <LIB-NAME|LIB-VER> <value>", ["Set client library name or version."]),
                    ("INFO", ["Return information about the current connection."]),
                    ("LIST [TYPE (NORMAL|MASTER|REPLICA|PUBSUB)] [ID <id> [<id> ...]]", ["Return information about client connections."]),
                    ("NO-EVICT|NO-TOUCH <ON|OFF>", ["Accepted; no effect in AkkaKv."]),
                    ("CONSISTENCY [READ linearizable|majority|local] [WRITE local|majority|all]", ["Show or set this connection's consistency for replicated keys."]));
                break;
        }

        return default;
    }

    /// <summary>LIST [TYPE type | ID id …], with Redis's errors. Every connection here is a normal client: the other
    /// types (master, replica, pubsub) list none.</summary>
    private static void List(RespContext ctx)
    {
        var request = ctx.Request;
        IEnumerable<RespSession> clients = ctx.Node.Clients.Values;
        if (request.Count == 4 && request.Is(2, "TYPE"))
        {
            if (request.Word(3) is not ("NORMAL" or "MASTER" or "REPLICA" or "SLAVE" or "PUBSUB"))
            {
                ctx.Error($"ERR Unknown client type '{request.Text(3)}'");
                return;
            }

            clients = request.Is(3, "NORMAL") ? clients : [];
        }
        else if (request.Count > 3 && request.Is(2, "ID"))
        {
            var ids = new HashSet<long>();
            for (var i = 3; i < request.Count; i++)
            {
                if (!Redis.RedisNumbers.TryParseInt64(request[i], out var id))
                {
                    ctx.Error("ERR Invalid client ID");
                    return;
                }

                ids.Add(id);
            }

            clients = clients.Where(c => ids.Contains(c.Id));
        }
        else if (request.Count != 2)
        {
            ctx.SyntaxError();
            return;
        }

        ctx.Writer.Verbatim(string.Concat(clients.OrderBy(c => c.Id).Select(c => Describe(c, ctx.Node) + "\n")));
    }

    /// <summary>One CLIENT LIST line, with the fields clients and tools parse.</summary>
    private static string Describe(RespSession session, RespNode node)
    {
        var age = (long)(DateTimeOffset.UtcNow - session.ConnectedAt).TotalSeconds;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"id={session.Id} addr={session.RemoteAddress} laddr={node.Settings.Resp.Host}:{node.Port} fd=0 name={session.Name} age={age} idle=0 flags={(session.Transaction is null ? "N" : "x")} db=0 sub=0 psub=0 ssub=0 multi={(session.Transaction?.Count ?? -1)} watch={session.Watches.Count} qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd={session.LastCommand?.Name.ToLowerInvariant() ?? "NULL"} user=default redir=-1 resp={session.Protocol} lib-name={session.LibraryName} lib-ver={session.LibraryVersion}");
    }

    /// <summary>Redis refuses names with spaces or control characters (CLIENT LIST would be ambiguous).</summary>
    private static bool IsValidName(string? name) => name is not null && name.All(c => c > ' ' && c <= '~');
}
