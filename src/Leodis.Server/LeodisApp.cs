using Leodis.Fhir.Rest;
using Leodis.Fhir.Search;
using Leodis.Fhir.Storage;
using Leodis.Server.Audit;
using Leodis.Server.Demo;
using Leodis.Server.Fhir;
using Leodis.Server.Health;
using Leodis.Server.Hl7v2;
using Leodis.Server.Import;
using Leodis.Server.Security;
using Leodis.Server.Security.Smart;
using Leodis.Server.Storage;
using Leodis.Web;
using Leodis.Web.Record;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Leodis.Server;

/// <summary>The Leodis host: services, middleware and endpoints, built the same way for production and for tests.</summary>
public static class LeodisApp
{
    public static WebApplication Build(string[] args)
    {
        // appsettings.json lives beside the program, wherever it is started from; relative data paths stay relative
        // to the working directory (./data/leodis.db from the repository root).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,

            // Named, not taken from the entry assembly: in-process test hosts are "testhost", and the UI's static assets
            // manifest is found by this name.
            ApplicationName = typeof(LeodisApp).Assembly.GetName().Name,
        });
        // Run from a build folder (dotnet run, tests), the UI's files are found through the build's static web assets
        // manifest in any environment; a published server has them in wwwroot and no such manifest.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddOptions<FhirOptions>().BindConfiguration(FhirOptions.Section).ValidateOnStart();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var fhir = context.Configuration.GetSection(FhirOptions.Section).Get<FhirOptions>() ?? new FhirOptions();
            kestrel.Limits.MaxRequestBodySize = fhir.MaxRequestBodyBytes + 1;
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddResourceStore();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(SearchParameterRegistry.Default);
        builder.Services.AddSingleton<SearchIndexer>();
        builder.Services.AddSingleton<FhirEngine>();
        builder.Services.AddExceptionHandler<FhirExceptionHandler>();
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: ["ready"]);
        builder.Services.AddDemoData();
        builder.Services.AddHl7v2();
        builder.Services.AddImport();
        builder.Services.AddSecurity();
        builder.Services.AddHardening(builder.Configuration);
        builder.Services.AddSmart();
        builder.Services.AddAudit();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddClinicalUi();
        builder.Services.AddScoped<IClinicalHost, ClinicalUiHost>();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseHardening();
        app.UseSmartCors();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResultStatusCodes = { [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable },
        });
        app.MapImport();
        app.MapBreakGlass();
        app.MapSmart();
        app.MapAudit();
        app.MapFhir();
        app.MapHl7v2();
        app.MapClinicalUi();
        return app;
    }

    /// <summary>Creates or migrates the store's schema and registers stored SearchParameters; call before taking requests.</summary>
    public static async Task InitializeAsync(WebApplication app, CancellationToken ct)
    {
        await app.Services.GetRequiredService<IResourceStore>().InitializeAsync(ct);
        await app.Services.GetRequiredService<FhirEngine>().LoadCustomSearchParametersAsync(ct);
    }
}
