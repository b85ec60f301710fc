using Leodis.Server;
using Leodis.Server.Demo;
using Leodis.Server.Import;

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

var app = LeodisApp.Build(args);
await LeodisApp.InitializeAsync(app, app.Lifetime.ApplicationStopping);
await app.RunAsync();
return 0;
