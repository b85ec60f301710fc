using Leodis.Fhir.Storage;
using Leodis.Fhir.Storage.Postgres;
using Leodis.Fhir.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace Leodis.Server.Storage;

/// <summary>Chooses the store from configuration.</summary>
public static class StorageRegistration
{
    public static IServiceCollection AddResourceStore(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .Validate(o => o.Provider is "sqlite" or "postgres", "Storage:Provider must be 'sqlite' or 'postgres'.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "Storage:ConnectionString is required.")
            .ValidateOnStart();
        services.AddSingleton<IResourceStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            return options.Provider == "postgres"
                ? new PostgresResourceStore(options.ConnectionString)
                : new SqliteResourceStore(options.ConnectionString);
        });
        return services;
    }
}
