using System.Buffers;
using System.Text;

namespace Leodis.Hl7v2.Mllp;

/// <summary>
/// Reads MLLP frames (VT message FS CR) from a stream. Bytes outside a frame are skipped; a frame whose FS is not
/// followed by CR still ends there; a VT inside a frame starts a new frame (the cut-off one is dropped); a frame over
/// the size limit is read to its end and reported as too large, so the connection stays in step with the sender.
/// </summary>
internal sealed class MllpFrameReader(Stream stream, int maxBytes)
{
    public const byte StartBlock = 0x0B;
    public const byte EndBlock = 0x1C;
    public const byte CarriageReturn = 0x0D;

    private readonly byte[] buffer = new byte[16 * 1024];
    private readonly ArrayBufferWriter<byte> frame = new();
    private int position;
    private int length;

    /// <summary>The next frame, or null when the peer closed the connection.</summary>
    public async Task<MllpFrame?> ReadAsync(CancellationToken ct)
    {
        var inFrame = false;
        var tooLarge = false;
        frame.ResetWrittenCount();
        while (true)
        {
            if (position == length)
            {
                length = await stream.ReadAsync(buffer, ct);
                position = 0;
                if (length == 0)
                {
                    return null;
                }
            }

            var span = buffer.AsSpan(position, length - position);
            if (!inFrame)
            {
                var start = span.IndexOf(StartBlock);
                if (start < 0)
                {
                    position = length;
                    continue;
                }

                position += start + 1;
                inFrame = true;
                tooLarge = false;
                frame.ResetWrittenCount();
                continue;
            }

            var stop = span.IndexOfAny(EndBlock, StartBlock);
            var take = stop < 0 ? span : span[..stop];
            if (!tooLarge && frame.WrittenCount + take.Length <= maxBytes)
            {
                frame.Write(take);
            }
            else
            {
                tooLarge = true;
            }

            if (stop < 0)
            {
                position = length;
                continue;
            }

            position += stop + 1;
            if (span[stop] == StartBlock)
            {
                // A new frame began before this one ended: the sender gave up on it, and so do we.
                tooLarge = false;
                frame.ResetWrittenCount();
                continue;
            }

            if (position < length && buffer[position] == CarriageReturn)
            {
                position++;
            }

            return tooLarge ? new MllpFrame(null, TooLarge: true) : new MllpFrame(Decode(frame.WrittenSpan), TooLarge: false);
        }
    }

    /// <summary>UTF-8 when the bytes are valid UTF-8 (which includes ASCII), else ISO 8859-1, the usual v2 default.</summary>
    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }
}

/// <summary>One MLLP frame: the message text, or a note that it exceeded the size limit.</summary>
internal sealed record MllpFrame(string? Text, bool TooLarge);
