using System.Text;

namespace Leodis.Hl7v2.Mllp;

/// <summary>Wraps a message in an MLLP frame: VT, the message (UTF-8), FS, CR.</summary>
public static class MllpFraming
{
    public static byte[] Frame(string message)
    {
        var body = Encoding.UTF8.GetBytes(message);
        var framed = new byte[body.Length + 3];
        framed[0] = MllpFrameReader.StartBlock;
        body.CopyTo(framed, 1);
        framed[^2] = MllpFrameReader.EndBlock;
        framed[^1] = MllpFrameReader.CarriageReturn;
        return framed;
    }
}
