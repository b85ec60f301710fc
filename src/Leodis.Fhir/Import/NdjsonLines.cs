using System.Runtime.CompilerServices;
using System.Text;

namespace Leodis.Fhir.Import;

/// <summary>One non-blank line of an NDJSON file: its 1-based number and the byte offset just after it.</summary>
internal readonly record struct NdjsonLine(long Number, long End, string Text);

/// <summary>Streams an NDJSON file's lines from a byte offset, so an import never holds a whole file and resumes by seeking.</summary>
internal static class NdjsonLines
{
    private const int InitialBuffer = 1 << 16;

    /// <param name="offset">Where to start: 0, or an <see cref="NdjsonLine.End"/> read before.</param>
    /// <param name="line">The number of the line that ends at <paramref name="offset"/> (0 at the start).</param>
    public static async IAsyncEnumerable<NdjsonLine> ReadAsync(string path, long offset, long line, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, useAsync: true);
        stream.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[InitialBuffer];
        var filled = 0;
        var position = offset;
        while (true)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await stream.ReadAsync(buffer.AsMemory(filled), ct);
            filled += read;
            var consumed = 0;
            while (true)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', consumed, filled - consumed);
                if (newline < 0 && !(read == 0 && consumed < filled))
                {
                    break;
                }

                var length = (newline < 0 ? filled : newline) - consumed;
                var next = newline < 0 ? filled : newline + 1;
                line++;
                position += next - consumed;
                if (Text(buffer, consumed, length, position - (next - consumed) == 0) is { } text)
                {
                    yield return new NdjsonLine(line, position, text);
                }

                consumed = next;
            }

            Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
            filled -= consumed;
            if (read == 0)
            {
                yield break;
            }
        }
    }

    private static string? Text(byte[] buffer, int start, int length, bool fileStart)
    {
        if (fileStart && length >= 3 && buffer[start] == 0xEF && buffer[start + 1] == 0xBB && buffer[start + 2] == 0xBF)
        {
            start += 3;
            length -= 3;
        }

        if (length > 0 && buffer[start + length - 1] == '\r')
        {
            length--;
        }

        var text = Encoding.UTF8.GetString(buffer, start, length);
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }
}
