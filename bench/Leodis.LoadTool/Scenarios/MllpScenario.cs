using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Leodis.LoadTool.Measurement;

namespace Leodis.LoadTool.Scenarios;

/// <summary>
/// HL7 v2 over MLLP (--mllp host:port): each worker holds one connection and sends ADT^A01 admissions for new
/// patients one after another, each counted when its ACK arrives. AA counts as 200, AE as 422, AR as 400.
/// </summary>
public sealed class MllpScenario(ScenarioContext context) : ILoadScenario, IDisposable
{
    public const string Operation = "adt-a01";

    private readonly ConcurrentDictionary<int, Connection> connections = new();

    public Task SetupAsync(CancellationToken ct) => Task.CompletedTask;

    public async Task<RequestOutcome?> SendAsync(WorkerContext worker, CancellationToken ct)
    {
        var connection = connections.GetOrAdd(worker.Index, _ => Connection.Open(context.Options.Mllp));
        var n = context.NextSequence();
        var time = DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var message = $"MSH|^~\\&|LOADTOOL|RR8|LEODIS|RR8|{time}||ADT^A01^ADT_A01|{context.RunId}-{n}|P|2.4\r"
            + $"EVN|A01|{time}\r"
            + $"PID|1||L{context.RunId}-{n}^^^RR8^MR||LOAD^TEST||19700101|F|||1 HIGH STREET^^LEEDS^^LS1 1AA\r"
            + $"PV1|1|I|WARD{n % 20}^^B{n % 30}^RR8||||C{n % 50:D7}^CONSULTANT^A|||300|||||||||V{context.RunId}-{n}||||||||||||||||||||||||||{time}\r";
        try
        {
            var code = await connection.SendAsync(message, ct);
            return new RequestOutcome(Operation, code switch { "AA" => 200, "AE" => 422, "AR" => 400, _ => 0 }, 1, code is null ? "no ACK" : null);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            connections.TryRemove(worker.Index, out _);
            connection.Dispose();
            return new RequestOutcome(Operation, 0, 0, e.GetType().Name);
        }
    }

    public void Dispose()
    {
        foreach (var connection in connections.Values)
        {
            connection.Dispose();
        }
    }

    private sealed class Connection(TcpClient client) : IDisposable
    {
        private readonly NetworkStream stream = client.GetStream();
        private readonly byte[] buffer = new byte[8192];

        public static Connection Open(string endpoint)
        {
            var colon = endpoint.LastIndexOf(':');
            var client = new TcpClient { NoDelay = true };
            client.Connect(endpoint[..colon], int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
            return new Connection(client);
        }

        /// <summary>Sends one framed message and returns MSA-1 of its ACK.</summary>
        public async Task<string?> SendAsync(string message, CancellationToken ct)
        {
            var body = Encoding.UTF8.GetBytes(message);
            var frame = new byte[body.Length + 3];
            frame[0] = 0x0B;
            body.CopyTo(frame, 1);
            frame[^2] = 0x1C;
            frame[^1] = 0x0D;
            await stream.WriteAsync(frame, ct);
            var ack = new StringBuilder();
            while (true)
            {
                var read = await stream.ReadAsync(buffer, ct);
                if (read == 0)
                {
                    throw new IOException("The server closed the connection.");
                }

                ack.Append(Encoding.UTF8.GetString(buffer, 0, read));
                if (ack.ToString().Contains('\x1c', StringComparison.Ordinal))
                {
                    break;
                }
            }

            var text = ack.ToString();
            var msa = text.IndexOf("\rMSA|", StringComparison.Ordinal);
            return msa < 0 || text.Length < msa + 7 ? null : text.Substring(msa + 5, 2);
        }

        public void Dispose()
        {
            stream.Dispose();
            client.Dispose();
        }
    }
}
