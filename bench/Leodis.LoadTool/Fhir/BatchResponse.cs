using System.Text.Json;

namespace Leodis.LoadTool.Fhir;

/// <summary>Counts the entries of a batch-response bundle by outcome, without building a document.</summary>
public static class BatchResponse
{
    /// <summary>
    /// Entries whose response.status is 2xx and those whose status is anything else. An entry's status is the one
    /// "status" value that starts with a digit ("201 Created"); resources' own status elements are codes such as "final".
    /// </summary>
    public static (int Succeeded, int Failed) CountEntries(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        int succeeded = 0, failed = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("status"u8) &&
                    reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    var value = reader.ValueSpan;
                    if (value.Length > 0 && char.IsAsciiDigit((char)value[0]))
                    {
                        _ = value[0] == (byte)'2' ? succeeded++ : failed++;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A response cut short or not JSON: count what was read.
        }

        return (succeeded, failed);
    }
}
