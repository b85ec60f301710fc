using System.Net.Sockets;
using Leodis.Hl7v2.Er7;
using Leodis.Hl7v2.Mllp;

namespace Leodis.Hl7v2.Tests;

/// <summary>A sending system's side of an MLLP connection: send a message, wait for its ACK.</summary>
public sealed class MllpClient : IDisposable
{
    private readonly TcpClient client;
    private readonly Stream stream;
    private readonly MllpFrameReader reader;

    private MllpClient(TcpClient client, Stream stream)
    {
        this.client = client;
        this.stream = stream;
        reader = new MllpFrameReader(stream, 16 * 1024 * 1024);
    }

    public static MllpClient Connect(int port)
    {
        var client = new TcpClient { NoDelay = true };
        client.Connect("127.0.0.1", port);
        return new MllpClient(client, client.GetStream());
    }

    /// <summary>MLLP over TLS, trusting exactly the certificate given (the test's self-signed one).</summary>
    public static async Task<MllpClient> ConnectTlsAsync(int port, System.Security.Cryptography.X509Certificates.X509Certificate2 trusted)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port);
        var tls = new System.Net.Security.SslStream(client.GetStream(), false, (_, certificate, _, _) => certificate?.GetCertHashString() == trusted.GetCertHashString());
        await tls.AuthenticateAsClientAsync("localhost");
        return new MllpClient(client, tls);
    }

    /// <summary>Sends one framed message and returns the ACK as parsed.</summary>
    public async Task<Er7Message> SendAsync(string message, CancellationToken ct = default)
    {
        await SendRawAsync(MllpFraming.Frame(message), ct);
        return await ReadAckAsync(ct);
    }

    public async Task SendRawAsync(byte[] bytes, CancellationToken ct = default)
    {
        await stream.WriteAsync(bytes, ct);
        await stream.FlushAsync(ct);
    }

    public async Task<Er7Message> ReadAckAsync(CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var frame = await reader.ReadAsync(timeout.Token) ?? throw new IOException("The server closed the connection without an ACK.");
        return Er7Message.Parse(frame.Text ?? throw new IOException("The ACK was too large."));
    }

    public void Dispose()
    {
        stream.Dispose();
        client.Dispose();
    }
}
