namespace Leodis.Server.Demo;

/// <summary>Wires the first-run demo data into the host.</summary>
public static class DemoRegistration
{
    public static IServiceCollection AddDemoData(this IServiceCollection services)
    {
        services.AddOptions<DemoOptions>()
            .BindConfiguration(DemoOptions.Section)
            .Validate(o => o.Patients is >= 1 and <= CohortGenerator.MaxPatients, $"Demo:Patients must be between 1 and {CohortGenerator.MaxPatients}.")
            .ValidateOnStart();
        services.AddHostedService<DemoDataLoader>();
        return services;
    }
}
