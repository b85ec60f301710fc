using Leodis.Server;
using Leodis.Server.Audit;
using Leodis.Server.Demo;
using Leodis.Server.Import;
using Leodis.Server.Security;
using Leodis.Server.Security.Smart;

// `generate` writes a synthetic cohort to files or into a server; it needs no web host.
if (GenerateCommand.Matches(args))
{
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    return await GenerateCommand.RunAsync(args, Console.Error, cancel.Token);
}

// `import` loads NDJSON straight into the configured store; it needs no web host either.
if (ImportCommand.Matches(args))
{
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    return await ImportCommand.RunAsync(args, Console.Error, cancel.Token);
}

// `audit verify` walks the audit trail's hash chain in the configured store.
if (AuditCommand.Matches(args))
{
    return await AuditCommand.RunAsync(args, Console.Out, CancellationToken.None);
}

// `token --user NAME` prints a bearer token for a seeded demo user of the built-in identity provider.
if (TokenCommand.Matches(args))
{
    return await TokenCommand.RunAsync(args, Console.Out, Console.Error);
}

// `client-assertion` makes a backend service's key, or signs its client assertion, for trying SMART backend services.
if (ClientAssertionCommand.Matches(args))
{
    return await ClientAssertionCommand.RunAsync(args, Console.Out, Console.Error);
}

var app = LeodisApp.Build(args);
await LeodisApp.InitializeAsync(app, app.Lifetime.ApplicationStopping);
await app.RunAsync();
return 0;
