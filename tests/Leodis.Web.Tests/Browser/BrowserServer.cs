using System.Diagnostics;
using Leodis.Testing;
using Microsoft.Playwright;
using Xunit;

namespace Leodis.Web.Tests.Browser;

/// <summary>
/// The real server (its own process, a temp SQLite file, a small demo cohort loaded) and one headless Chromium, shared by
/// the tests of the <see cref="BrowserTests"/> collection; each test opens its own <see cref="BrowserSession"/>.
/// </summary>
public sealed class BrowserServer : IAsyncLifetime
{
    public const int DemoPatients = 20;

    /// <summary>Where the tests find Chromium: test.sh exports it, installing Debian's chromium where missing.</summary>
    public const string ChromiumVariable = "LEODIS_TEST_CHROMIUM";

    // Bounds so a broken server or browser fails the run instead of hanging it; not performance assertions. The demo
    // load is generous because the CI machine has two cores shared with the build.
    private static readonly TimeSpan DemoLoadedWithin = TimeSpan.FromMinutes(5);

    private readonly string folder = Path.Combine(Path.GetTempPath(), $"leodis-browser-{Guid.NewGuid():N}");
    private ServerProcess? server;
    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>The running server.</summary>
    public ServerProcess Server => server ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>The server root with no trailing slash, for example http://127.0.0.1:41234.</summary>
    public string Origin => Server.Root.GetLeftPart(UriPartial.Authority);

    /// <summary>Where each step's screenshot goes: screenshots/ beside the test assembly.</summary>
    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        var chromium = ChromiumPath();
        Directory.CreateDirectory(folder);
        server = await ServerProcess.StartAsync(
            "sqlite",
            $"Data Source={Path.Combine(folder, "leodis.db")}",
            "--Demo:Enabled=true",
            $"--Demo:Patients={DemoPatients}",
            "--Hl7v2:Enabled=false",
            // The loader says when it is done only at Information; everything else stays at Warning.
            "--Logging:LogLevel:Leodis.Server.Demo=Information");
        await WaitForDemoDataAsync(server);

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // Chromium's sandbox refuses to run as root (CI runs as root); the pages it opens are our own.
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
    }

    /// <summary>A fresh browser context (no cookies, no storage) and page for one test.</summary>
    public async Task<BrowserSession> NewSessionAsync(string testName)
    {
        var context = await (browser ?? throw new InvalidOperationException("The browser has not started.")).NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Origin,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-GB",
            TimezoneId = "Europe/London",
        });
        return await BrowserSession.OpenAsync(this, context, testName);
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the OS.
        }
    }

    private static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } set ? set : "/usr/bin/chromium";
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"Chromium for the browser tests is not at {path}. Run ./test.sh (it installs Debian's chromium when run as root), " +
                $"install it yourself (apt-get install chromium), or set {ChromiumVariable} to a Chromium executable.");
    }

    /// <summary>The demo loader runs in the background after the server is ready; the tests need the whole cohort.</summary>
    private static async Task WaitForDemoDataAsync(ServerProcess server)
    {
        var clock = Stopwatch.StartNew();
        while (!server.Output().Contains("Demo data: loaded", StringComparison.Ordinal))
        {
            if (server.Output().Contains("Demo data: loading failed", StringComparison.Ordinal) || clock.Elapsed > DemoLoadedWithin)
            {
                throw new InvalidOperationException($"The demo cohort did not load:\n{server.Output()}");
            }

            await Task.Delay(200);
        }
    }
}
