namespace Leodis.Server.Storage;

/// <summary>Where resources live: "sqlite" (the default, a file under ./data) or "postgres".</summary>
public sealed record StorageOptions
{
    public const string Section = "Storage";

    public string Provider { get; init; } = "sqlite";

    public string ConnectionString { get; init; } = "Data Source=data/leodis.db";
}
