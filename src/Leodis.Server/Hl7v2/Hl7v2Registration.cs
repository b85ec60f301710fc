using Leodis.Hl7v2;
using Leodis.Hl7v2.Delivery;
using Leodis.Hl7v2.Mapping;
using Leodis.Hl7v2.Mllp;
using Leodis.Server.Security;

namespace Leodis.Server.Hl7v2;

/// <summary>The HL7 v2 feed in the host: options, the message processor, the MLLP listener and its HTTP API.</summary>
public static class Hl7v2Registration
{
    public static IServiceCollection AddHl7v2(this IServiceCollection services)
    {
        services.AddOptions<Hl7v2Options>().BindConfiguration(Hl7v2Options.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Hl7v2Counters>();
        services.AddSingleton<PatientLocks>();
        services.AddSingleton<DirectoryCache>();
        services.AddSingleton<MessageProcessor>();
        services.AddHostedService<MllpListener>();
        return services;
    }

    public static IEndpointRouteBuilder MapHl7v2(this IEndpointRouteBuilder endpoints)
    {
        // Dead letters hold whole messages (patient data): system integration only, like the feed itself.
        Hl7v2Endpoints.Map(endpoints.MapGroup("/hl7v2").RequireAuthorization(SecurityRegistration.Integration));
        return endpoints;
    }
}
