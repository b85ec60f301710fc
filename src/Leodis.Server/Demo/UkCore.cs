namespace Leodis.Server.Demo;

/// <summary>UK Core and NHS canonical URLs the generated resources use (checked against the UK Core STU2 package).</summary>
internal static class UkCore
{
    public const string ProfileBase = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-";
    public const string ExtensionBase = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-";
    public const string CodeSystemBase = "https://fhir.hl7.org.uk/CodeSystem/UKCore-";

    public const string NhsNumberVerificationStatus = ExtensionBase + "NHSNumberVerificationStatus";
    public const string NhsNumberVerificationStatusEngland = CodeSystemBase + "NHSNumberVerificationStatusEngland";
    public const string EthnicCategory = ExtensionBase + "EthnicCategory";
    public const string EthnicCategoryEngland = CodeSystemBase + "EthnicCategoryEngland";
    public const string AdmissionMethod = ExtensionBase + "AdmissionMethod";
    public const string AdmissionMethodEngland = CodeSystemBase + "AdmissionMethodEngland";
    public const string DischargeMethod = ExtensionBase + "DischargeMethod";
    public const string DischargeMethodEngland = CodeSystemBase + "DischargeMethodEngland";
    public const string SourceOfAdmissionEngland = CodeSystemBase + "SourceOfAdmissionEngland";
    public const string DischargeDestinationEngland = CodeSystemBase + "DischargeDestinationEngland";
    public const string EncounterLocationTypeEngland = CodeSystemBase + "EncounterLocationTypeEngland";
    public const string PracticeSettingCode = CodeSystemBase + "PracticeSettingCode";
    public const string SdsJobRoleName = CodeSystemBase + "SDSJobRoleName";

    public const string OdsOrganisationCode = "https://fhir.nhs.uk/Id/ods-organization-code";
    public const string OdsSiteCode = "https://fhir.nhs.uk/Id/ods-site-code";
    public const string GmcNumber = "https://fhir.hl7.org.uk/Id/gmc-number";
    public const string NmcNumber = "https://fhir.hl7.org.uk/Id/nmc-number";

    /// <summary>
    /// The demo trust's local patient identifier (hospital number). The host is under the reserved .example domain
    /// (RFC 2606) so that synthetic hospital numbers can never pass for a real trust's.
    /// </summary>
    public const string HospitalNumber = "https://leodis.example/Id/hospital-number";

    /// <summary>Marks every generated resource as test data (v3 ActReason HTEST) so it can be found and purged.</summary>
    public const string ActReason = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

    public static string Profile(string name) => ProfileBase + name;
}
