namespace Leodis.Web.Patients;

/// <summary>The three tiers a patient's alerts are shown in, most urgent first (NHS patient banner guidance).</summary>
public enum AlertTier
{
    /// <summary>Must change what anyone does next: safeguarding, DNACPR, a difficult airway.</summary>
    HighPriority,

    /// <summary>Bears on care: falls risk, insulin-treated diabetes, MRSA.</summary>
    Clinical,

    /// <summary>How to communicate and look after the person: an interpreter, hearing loss, the name they go by.</summary>
    Administrative,
}
