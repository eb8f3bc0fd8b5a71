namespace AkkaKv.Persistence;

/// <summary>The databases the plugin can talk to; each maps to one <see cref="Sql.SqlDialect"/>.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}
