namespace Leodis.LoadTool.Measurement;

/// <summary>
/// How one request went: the operation it counts under, the HTTP status (0 when no response came, with
/// <paramref name="Failure"/> saying why), how many resources it carried when it succeeded, and for a batch how many
/// of its entries failed although the batch itself answered 200.
/// </summary>
public readonly record struct RequestOutcome(string Operation, int Status, int Resources, string? Failure = null, int FailedEntries = 0)
{
    /// <summary>2xx and 304 are successes; everything else is an error.</summary>
    public bool IsSuccess => Status is (>= 200 and < 300) or 304;

    /// <summary>The key this outcome is counted under in the error table: the status code, or the transport failure.</summary>
    public string ErrorKey => Status == 0 ? Failure ?? "no response" : Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
