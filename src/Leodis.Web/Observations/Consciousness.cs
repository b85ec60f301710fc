namespace Leodis.Web.Observations;

/// <summary>The ACVPU scale of the NEWS2 chart's consciousness row; any level other than alert scores 3.</summary>
public enum Consciousness
{
    Alert,

    /// <summary>New confusion, disorientation or agitation (the C that NEWS2 added to AVPU); long-standing confusion is not this.</summary>
    NewConfusion,
    Voice,
    Pain,
    Unresponsive,
}
