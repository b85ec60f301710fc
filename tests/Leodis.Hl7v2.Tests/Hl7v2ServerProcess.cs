using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Leodis.Hl7v2.Tests;

/// <summary>
/// The Leodis host as an OS process of its own (<c>dotnet Leodis.Server.dll</c>) with its MLLP listener on a free port,
/// so a test can SIGKILL it. Disposing kills it if it still runs.
/// </summary>
public sealed class Hl7v2ServerProcess : IAsyncDisposable
{
    // A bound on start-up so a broken server fails the test instead of hanging it; not a performance assertion.
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly List<string> output = [];

    private Hl7v2ServerProcess(Process process, int httpPort, int mllpPort)
    {
        this.process = process;
        MllpPort = mllpPort;
        Root = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/") };
        Fhir = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/fhir/") };
        Fhir.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
    }

    public int MllpPort { get; }

    public HttpClient Root { get; }

    public HttpClient Fhir { get; }

    public static async Task<Hl7v2ServerProcess> StartAsync(string provider, string connectionString)
    {
        var folder = AppContext.BaseDirectory;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = folder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var (httpPort, mllpPort) = (FreePort(), FreePort());
        foreach (var argument in new[]
        {
            Path.Combine(folder, "Leodis.Server.dll"),
            $"--urls=http://127.0.0.1:{httpPort}",
            $"--Storage:Provider={provider}",
            $"--Storage:ConnectionString={connectionString}",
            "--Demo:Enabled=false",
            "--Logging:LogLevel:Default=Warning",
            $"--Hl7v2:Port={mllpPort}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var server = new Hl7v2ServerProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."), httpPort, mllpPort);
        server.process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        server.process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilListeningAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL, and wait until the process is gone.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public string Output()
    {
        lock (output)
        {
            return string.Join(Environment.NewLine, output.TakeLast(100));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Root.Dispose();
        Fhir.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }

    private async Task WaitUntilListeningAsync()
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {process.ExitCode}:\n{Output()}");
            }

            try
            {
                using var response = await Root.GetAsync("hl7v2/metrics");
                if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains("\"listening\":true", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not up yet.
            }

            if (waited.Elapsed > ReadyWithin)
            {
                throw new TimeoutException($"The server did not listen within {ReadyWithin.TotalSeconds} s:\n{Output()}");
            }

            await Task.Delay(50);
        }
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.Add(line);
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
