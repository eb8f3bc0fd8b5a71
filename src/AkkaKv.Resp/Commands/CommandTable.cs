namespace AkkaKv.Resp.Commands;

/// <summary>Every command the node speaks, looked up by name without allocating (case-insensitive, from the raw bytes).</summary>
public static class CommandTable
{
    private static readonly Dictionary<string, RespCommand> ByName = Build();
    private static readonly Dictionary<string, RespCommand>.AlternateLookup<ReadOnlySpan<char>> ByChars =
        ByName.GetAlternateLookup<ReadOnlySpan<char>>();

    public static IReadOnlyCollection<RespCommand> All => ByName.Values;

    public static RespCommand? Find(ReadOnlySpan<byte> name)
    {
        if (name.Length > 32)
        {
            return null;
        }

        Span<char> chars = stackalloc char[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            chars[i] = (char)name[i];
        }

        return ByChars.TryGetValue(chars, out var command) ? command : null;
    }

    public static RespCommand? Find(string name) => ByName.GetValueOrDefault(name);

    private static Dictionary<string, RespCommand> Build()
    {
        var table = new Dictionary<string, RespCommand>(StringComparer.OrdinalIgnoreCase);
        foreach (var command in StringCommands.All()
                     .Concat(KeyCommands.All())
                     .Concat(KeyspaceCommands.All())
                     .Concat(TransactionCommands.All())
                     .Concat(ConnectionCommands.All())
                     .Concat(ServerCommands.All()))
        {
            table.Add(command.Name, command);
        }

        return table;
    }
}
