using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Leodis.Hl7v2.Delivery;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leodis.Hl7v2.Mllp;

/// <summary>
/// The MLLP server: accepts many connections and serves each on its own task, one message at a time in the order
/// sent, so per-connection order is kept. A bind failure turns the feed off (logged, shown on /hl7v2/metrics) rather
/// than stopping the FHIR server; nothing a peer sends can end the listener.
/// </summary>
public sealed class MllpListener(
    IOptions<Hl7v2Options> options, MessageProcessor processor, Hl7v2Counters counters, TimeProvider clock, ILogger<MllpListener> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Task, bool> connections = new();

    private TcpListener? listener;
    private X509Certificate2? certificate;

    /// <summary>Binds before the host reports started, so the port is known (and taken) once start-up returns.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Enabled)
        {
            var endpoint = new IPEndPoint(IPAddress.Parse(settings.Address), settings.Port);
            try
            {
                certificate = settings.TlsCertificatePath is { Length: > 0 } path
                    ? X509CertificateLoader.LoadPkcs12FromFile(path, settings.TlsCertificatePassword)
                    : null;
                listener = new TcpListener(endpoint);
                listener.Start(backlog: 512);
                counters.Port = ((IPEndPoint)listener.LocalEndpoint).Port;
                counters.Listening = true;
                Hl7v2Log.Listening(logger, listener.LocalEndpoint.ToString() ?? string.Empty, certificate is not null);
            }
            catch (Exception e) when (e is SocketException or System.Security.Cryptography.CryptographicException or IOException)
            {
                listener?.Stop();
                listener = null;
                Hl7v2Log.BindFailed(logger, endpoint.ToString(), e);
            }
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (listener is null)
        {
            return;
        }

        var settings = options.Value;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stoppingToken);
                }
                catch (SocketException)
                {
                    // A connection reset before it was accepted: nothing to serve.
                    continue;
                }

                if (connections.Count >= settings.MaxConnections)
                {
                    client.Dispose();
                    continue;
                }

                var connection = new MllpConnection(client, certificate, settings, processor, counters, clock, logger);
                var task = Task.Run(() => connection.ServeAsync(stoppingToken), CancellationToken.None);
                connections[task] = true;
                _ = task.ContinueWith(t => connections.TryRemove(t, out _), TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            counters.Listening = false;
            listener.Stop();
            await Task.WhenAll(connections.Keys);
            certificate?.Dispose();
        }
    }
}
