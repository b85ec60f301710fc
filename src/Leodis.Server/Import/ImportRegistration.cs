using Leodis.Fhir.Import;

namespace Leodis.Server.Import;

/// <summary>Wires bulk import into the host: options, the job table, the importer and the background runner.</summary>
public static class ImportRegistration
{
    public static IServiceCollection AddImport(this IServiceCollection services)
    {
        services.AddOptions<ImportOptions>()
            .BindConfiguration(ImportOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Root), "Import:Root is required.")
            .Validate(o => o.ChunkSize is >= 1 and <= 50_000, "Import:ChunkSize must be between 1 and 50,000.")
            .Validate(o => o.LeaseSeconds is >= 1 and <= 3600, "Import:LeaseSeconds must be between 1 and 3,600.")
            .ValidateOnStart();
        services.AddSingleton<ImportJobs>();
        services.AddSingleton<NdjsonImporter>();
        services.AddSingleton<ImportService>();
        services.AddHostedService(provider => provider.GetRequiredService<ImportService>());
        return services;
    }
}
