using Leodis.Server;

var app = LeodisApp.Build(args);
await LeodisApp.InitializeAsync(app, app.Lifetime.ApplicationStopping);
await app.RunAsync();
