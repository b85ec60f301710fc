using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Leodis.Hl7v2.Delivery;
using Microsoft.Extensions.Logging;

namespace Leodis.Hl7v2.Mllp;

/// <summary>One MLLP connection: read a frame, process it, send its ACK, read the next. It ends when the peer closes,
/// goes quiet for longer than the read timeout, the server stops, or the store fails (no ACK: the sender retries).</summary>
internal sealed class MllpConnection(
    TcpClient client, X509Certificate2? certificate, Hl7v2Options settings, MessageProcessor processor, Hl7v2Counters counters, TimeProvider clock, ILogger logger)
{
    public async Task ServeAsync(CancellationToken stopping)
    {
        counters.ConnectionOpened();
        var remote = client.Client.RemoteEndPoint?.ToString() ?? "unknown";
        try
        {
            client.NoDelay = true;
            Stream stream = client.GetStream();
            if (certificate is not null)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                handshake.CancelAfter(TimeSpan.FromSeconds(settings.ReadTimeoutSeconds));
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, handshake.Token);
                stream = tls;
            }

            await using (stream)
            {
                await ServeFramesAsync(stream, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The server is stopping; the message in hand was not acknowledged, so the sender will send it again.
        }
        catch (OperationCanceledException)
        {
            Hl7v2Log.ConnectionClosed(logger, remote, "read timeout");
        }
        catch (Exception e) when (e is IOException or SocketException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
        {
            Hl7v2Log.ConnectionClosed(logger, remote, e.GetType().Name);
        }
        catch (Exception e)
        {
            // The store failed under a message: close without an ACK rather than answer something untrue.
            Hl7v2Log.ConnectionClosed(logger, remote, e.GetType().Name);
        }
        finally
        {
            client.Dispose();
            counters.ConnectionClosed();
        }
    }

    private async Task ServeFramesAsync(Stream stream, CancellationToken stopping)
    {
        var reader = new MllpFrameReader(stream, settings.MaxMessageBytes);
        while (!stopping.IsCancellationRequested)
        {
            MllpFrame? frame;
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping))
            {
                idle.CancelAfter(TimeSpan.FromSeconds(settings.ReadTimeoutSeconds));
                frame = await reader.ReadAsync(idle.Token);
            }

            if (frame is null)
            {
                return;
            }

            string ack;
            if (frame.Text is { } text)
            {
                ack = await processor.ProcessAsync(text, stopping);
            }
            else
            {
                using var ticket = counters.Receive();
                counters.Rejected();
                ack = Acknowledgement.Reject(null, clock.GetLocalNow(), new AckError("100", $"The message is larger than {settings.MaxMessageBytes} bytes."));
            }

            await stream.WriteAsync(MllpFraming.Frame(ack), stopping);
            await stream.FlushAsync(stopping);
        }
    }
}
