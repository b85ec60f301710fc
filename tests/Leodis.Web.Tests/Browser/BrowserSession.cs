using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;

namespace Leodis.Web.Tests.Browser;

/// <summary>
/// One test's browser: a fresh context (its own cookies) with one page, every request the page makes (so a test can
/// check none leaves the server), and a full-page screenshot per step saved as screenshots/TEST-STEP.png.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string DemoPassword = "leodis-demo-only";

    // A bound on each wait so a missing element fails the test with Playwright's message instead of hanging it; the
    // waits themselves are for visible text and roles, never for a fixed time.
    private const float WaitBound = 30_000;

    private readonly IBrowserContext context;
    private readonly string testName;
    private readonly ConcurrentQueue<string> requests = new();
    private int step;

    private BrowserSession(BrowserServer server, IBrowserContext context, IPage page, string testName)
    {
        Server = server;
        this.context = context;
        Page = page;
        this.testName = testName;
        page.Request += (_, request) => requests.Enqueue(request.Url);
    }

    public BrowserServer Server { get; }

    public IPage Page { get; }

    /// <summary>Every URL the page requested so far, in order (documents, scripts, styles, the circuit's socket).</summary>
    public IReadOnlyCollection<string> Requests => requests.ToArray();

    internal static async Task<BrowserSession> OpenAsync(BrowserServer server, IBrowserContext context, string testName)
    {
        context.SetDefaultTimeout(WaitBound);
        context.SetDefaultNavigationTimeout(WaitBound);
        var page = await context.NewPageAsync();
        return new BrowserSession(server, context, page, testName);
    }

    /// <summary>
    /// Signs in through the real /signin form and waits for a signed-in page; for a user with several positions, picks
    /// the one at the organisation with ODS code <paramref name="organization"/>.
    /// </summary>
    public async Task SignInAsync(string user, string? organization = null, string path = "/signin")
    {
        await Page.GotoAsync(path);
        await FillSignInAsync(user, DemoPassword);
        if (organization is not null)
        {
            await Page.GetByRole(AriaRole.Group, new() { Name = "You hold more than one position" }).WaitForAsync();
            await Page.GetByLabel(new Regex($@"\({Regex.Escape(organization)}\)$")).CheckAsync();
            await Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        }

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).WaitForAsync();
    }

    /// <summary>Fills and submits the sign-in form on the page as it is (no navigation first).</summary>
    public async Task FillSignInAsync(string user, string password)
    {
        await Page.GetByLabel("User name").FillAsync(user);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Whether the browser holds the UI's sign-in cookie.</summary>
    public async Task<bool> HasSessionCookieAsync() =>
        (await context.CookiesAsync()).Any(c => c.Name == "leodis.session");

    /// <summary>Saves a full-page screenshot of the page as it is now, numbered in the order of the test's steps.</summary>
    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(BrowserServer.ScreenshotFolder);
        step++;
        var file = Path.Combine(BrowserServer.ScreenshotFolder, $"{testName}-{step:00}-{name}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
    }

    /// <summary>Asserts that every request the page made went to the server under test (no CDN, font or analytics host).</summary>
    public void AssertEveryRequestStayedOnTheServer()
    {
        var origin = Server.Origin;
        var offServer = Requests.Where(url => !IsOn(url, origin)).ToList();
        Assert.True(offServer.Count == 0, $"The page requested addresses outside {origin}:\n{string.Join('\n', offServer)}");
        Assert.NotEmpty(Requests);
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();

    private static bool IsOn(string url, string origin)
    {
        // The circuit's WebSocket is ws:// to the same host and port; data: and blob: URLs never leave the browser.
        if (url.StartsWith("data:", StringComparison.Ordinal) || url.StartsWith("blob:", StringComparison.Ordinal))
        {
            return true;
        }

        var uri = new Uri(url);
        return uri.Host == "127.0.0.1" && new Uri(origin).Port == uri.Port;
    }
}
