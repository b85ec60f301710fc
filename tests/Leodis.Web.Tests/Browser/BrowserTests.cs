using Xunit;

namespace Leodis.Web.Tests.Browser;

/// <summary>The browser tests share one server and one Chromium, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<BrowserServer>
{
    public const string Name = "browser";
}
