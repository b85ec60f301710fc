namespace Leodis.Server.Demo;

/// <summary>
/// The demo hospital loaded on first run: when the store holds no Patient at start-up (never had one, so deleting
/// patients does not bring the demo back), this many synthetic patients are loaded in the background.
/// Turn it off for production and for tests with Demo:Enabled=false.
/// </summary>
public sealed record DemoOptions
{
    public const string Section = "Demo";

    /// <summary>On by default only for the embedded SQLite store; a PostgreSQL deployment gets demo data only when asked.</summary>
    public bool? Enabled { get; init; }

    public int Patients { get; init; } = 200;

    public long Seed { get; init; } = 42;

    /// <summary>The day the demo data is "as of"; by default the day the server starts, so the demo always looks current.</summary>
    public DateOnly? ReferenceDate { get; init; }
}
