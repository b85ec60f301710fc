using Leodis.Server;
using Leodis.Web.Record;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Leodis.Benchmarks.SummaryRender;

/// <summary>
/// The real Leodis host (LeodisApp.Build: engine, SQLite store, access gate, audit trail, clinician UI services) on a temp
/// file, built but never started as a web server, rendering a page component on the server with
/// <see cref="HtmlRenderer"/> as a signed-in user: every read goes through ClinicalRecord, the gate and the audit trail
/// as in a circuit. Only the circuit's transport (SignalR, render batches to the browser) is left out.
/// </summary>
public sealed class SummaryHost : IAsyncDisposable
{
    private const string BaseUri = "http://127.0.0.1/";

    private readonly TemporarySqliteFile file;
    private readonly WebApplication app;

    private SummaryHost(TemporarySqliteFile file, WebApplication app)
    {
        this.file = file;
        this.app = app;
    }

    public IServiceProvider Services => app.Services;

    /// <summary>Builds the host over a new temp SQLite file; <paramref name="audit"/> false turns the audit trail off.</summary>
    public static async Task<SummaryHost> StartAsync(bool audit, CancellationToken ct)
    {
        var file = new TemporarySqliteFile();
        var app = LeodisApp.Build(
        [
            "--Storage:Provider=sqlite",
            $"--Storage:ConnectionString={file.ConnectionString}",
            "--Demo:Enabled=false",
            "--Hl7v2:Enabled=false",
            $"--Audit:Enabled={(audit ? "true" : "false")}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await LeodisApp.InitializeAsync(app, ct);
        return new SummaryHost(file, app);
    }

    /// <summary>
    /// Renders <paramref name="component"/> with <paramref name="parameters"/> as <paramref name="user"/> (their first
    /// position) at <paramref name="path"/>, in a fresh scope as a new circuit would have; returns the HTML once every
    /// async load has finished.
    /// </summary>
    public async Task<string> RenderAsync(Type component, IDictionary<string, object?> parameters, string user, string path)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var host = services.GetRequiredService<IClinicalHost>();
        var principal = host.Principal(user, host.Positions(user)[0]);
        ((IHostEnvironmentAuthenticationStateProvider)services.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        ((IHostEnvironmentNavigationManager)services.GetRequiredService<NavigationManager>()).Initialize(BaseUri, BaseUri + path.TrimStart('/'));

        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync(component, ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        file.Delete();
    }
}
