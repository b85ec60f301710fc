using System.ComponentModel.DataAnnotations;

namespace Leodis.Hl7v2;

/// <summary>The "Hl7v2" configuration section: the MLLP listener and the identifier systems the mapping writes.</summary>
public sealed record Hl7v2Options
{
    public const string Section = "Hl7v2";

    /// <summary>Whether the MLLP listener runs at all.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The address to listen on; loopback unless a deployment says otherwise.</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>The MLLP port; 0 takes any free port (tests).</summary>
    [Range(0, 65535)]
    public int Port { get; init; } = 2575;

    /// <summary>A larger frame is answered AR and skipped.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxMessageBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>A connection that sends nothing for this long is closed.</summary>
    [Range(1, 86400)]
    public int ReadTimeoutSeconds { get; init; } = 300;

    [Range(1, 10000)]
    public int MaxConnections { get; init; } = 256;

    /// <summary>A PKCS#12 file with the server certificate and key: when set, connections are TLS.</summary>
    public string? TlsCertificatePath { get; init; }

    public string? TlsCertificatePassword { get; init; }

    /// <summary>The system of the hospital number (PID-3 of type MR/PI, or with no type), the trust's local patient id.</summary>
    public string HospitalNumberSystem { get; init; } = "https://leodis.example/Id/hospital-number";

    /// <summary>The system of visit numbers (PV1-19), which identify Encounters.</summary>
    public string VisitNumberSystem { get; init; } = "https://leodis.example/Id/visit-number";

    /// <summary>The base of systems for other identifiers: the assigning authority (or type) is appended.</summary>
    public string LocalIdentifierBase { get; init; } = "https://leodis.example/Id/hl7v2";

    /// <summary>The system of staff codes (consultants, requesters) from XCN fields.</summary>
    public string PractitionerSystem { get; init; } = "https://leodis.example/Id/staff-code";

    /// <summary>The system of location codes (ward, room, bed) from PL fields.</summary>
    public string LocationSystem { get; init; } = "https://leodis.example/Id/location-code";

    /// <summary>The system of laboratory order numbers (OBR-3, OBR-2) that identify DiagnosticReports.</summary>
    public string OrderNumberSystem { get; init; } = "https://leodis.example/Id/order-number";

    /// <summary>How long the id of a Location or Practitioner found by its identifier is reused without a search; 0 always searches.</summary>
    [Range(0, 86400)]
    public int DirectoryCacheSeconds { get; init; } = 300;

    /// <summary>The time zone of HL7 timestamps that carry no offset.</summary>
    public string TimeZone { get; init; } = "Europe/London";
}
