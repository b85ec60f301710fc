using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Leodis.Testing;

/// <summary>
/// The Leodis host as an OS process of its own (<c>dotnet Leodis.Server.dll</c>, no wrapper process), so a test can
/// SIGKILL it. Disposing kills it if it still runs, so no test leaves a server behind, passing or failing.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int StartAttempts = 3;
    private const int OutputLinesKept = 200;

    // A bound on start-up so a broken server fails the test instead of hanging it; not a performance assertion.
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly Queue<string> output = new();
    private readonly EventHandler killOnExit;

    private ServerProcess(Process process, Uri root)
    {
        this.process = process;
        Root = root;
        Client = new HttpClient { BaseAddress = new Uri(root, "fhir/") };
        Client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));

        // If the test host itself shuts down mid-test, take the server with it.
        killOnExit = (_, _) => KillQuietly();
        AppDomain.CurrentDomain.ProcessExit += killOnExit;
    }

    /// <summary>The server root, for example http://127.0.0.1:41234/.</summary>
    public Uri Root { get; }

    /// <summary>A client for the FHIR base, accepting FHIR JSON.</summary>
    public HttpClient Client { get; }

    /// <summary>The exit code once the process is gone; 137 means it died of SIGKILL.</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>
    /// Starts the server on a free loopback port over the given store, with any further command-line
    /// <paramref name="arguments"/>, and waits until /health/ready says so (hosted listeners are bound by then).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string provider, string connectionString, params string[] arguments)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(provider, connectionString, FreePort(), arguments);
            try
            {
                await server.WaitUntilReadyAsync();
                server.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync("pas.integration"));
                return server;
            }
            catch (ServerExitedException) when (attempt < StartAttempts)
            {
                // Most likely another process took the port between our probe and the server's bind.
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, no goodbye. Returns once the process is gone.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>The last lines the server wrote to stdout and stderr, for failure messages.</summary>
    public string Output()
    {
        lock (output)
        {
            return string.Join(Environment.NewLine, output);
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= killOnExit;
        Client.Dispose();
        KillQuietly();
        await process.WaitForExitAsync();
        process.Dispose();
    }

    /// <summary>
    /// A bearer token for a seeded user, from the server's own <c>token</c> command run beside the tests: it signs with
    /// the same key file (data/ under the test folder) as every server a test starts there.
    /// </summary>
    public static async Task<string> TokenAsync(string user)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = AppContext.BaseDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Leodis.Server.dll"), "token", "--user", user })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? (await output).Trim()
            : throw new InvalidOperationException($"The token command failed ({process.ExitCode}): {await error}");
    }

    private static ServerProcess Launch(string provider, string connectionString, int port, string[] arguments)
    {
        var folder = AppContext.BaseDirectory;
        var dll = Path.Combine(folder, "Leodis.Server.dll");
        if (!File.Exists(Path.Combine(folder, "Leodis.Server.runtimeconfig.json")))
        {
            throw new FileNotFoundException($"Leodis.Server.runtimeconfig.json is not beside the tests in {folder}; build the solution.");
        }

        // The server the tests were built against, copied beside them by the project reference; a rebuild of src/
        // elsewhere does not swap it mid-run.
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = folder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] all =
        [
            dll,
            $"--urls=http://127.0.0.1:{port}",
            $"--Storage:Provider={provider}",
            "--Demo:Enabled=false",
            $"--Storage:ConnectionString={connectionString}",
            "--Logging:LogLevel:Default=Warning",
            .. arguments,
        ];
        foreach (var argument in all)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"));

        // Drained as it comes, so a chatty server never blocks on a full pipe.
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var probe = new HttpClient { BaseAddress = Root, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new ServerExitedException($"The server exited with {process.ExitCode} before it was ready:\n{Output()}");
            }

            try
            {
                using var response = await probe.GetAsync("health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > ReadyWithin)
            {
                throw new TimeoutException($"The server was not ready within {ReadyWithin.TotalSeconds} s:\n{Output()}");
            }

            await Task.Delay(50);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Enqueue(line);
            if (output.Count > OutputLinesKept)
            {
                output.Dequeue();
            }
        }
    }

    private void KillQuietly()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>The muxer running these tests when it is one (dotnet test runs testhost.dll under it), else dotnet on PATH.</summary>
    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }

    /// <summary>A loopback port nobody listens on at the moment of asking.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private sealed class ServerExitedException(string message) : Exception(message);
}
