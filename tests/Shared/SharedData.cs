namespace Leodis.Testing;

/// <summary>The team's external test data in ../shared/data beside the repository (never copied into it).</summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("LEODIS_SHARED_DATA") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Leodis.slnx")))
            {
                var data = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder.FullName, "..", "shared", "data"));
                return Directory.Exists(data) ? data : throw new DirectoryNotFoundException($"Shared test data is missing: {data}");
            }
        }

        throw new DirectoryNotFoundException("No Leodis.slnx above the test folder; set LEODIS_SHARED_DATA.");
    }

    /// <summary>The repository root (the folder with Leodis.slnx).</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Leodis.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("No Leodis.slnx above the test folder.");
    }
}
