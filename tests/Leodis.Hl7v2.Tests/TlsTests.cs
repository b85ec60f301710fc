using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Leodis.Hl7v2.Tests;

/// <summary>MLLP over TLS when a certificate is configured.</summary>
public sealed class TlsTests(TlsTests.TlsFixture server) : IClassFixture<TlsTests.TlsFixture>
{
    [Fact]
    public async Task A_message_over_TLS_is_applied()
    {
        using var client = await MllpClient.ConnectTlsAsync(server.MllpPort, server.Certificate);

        await AdtFeedTests.AssertAppliedAsync(client, Messages.Adt("A28", Messages.HospitalNumber(), null));
    }

    [Fact]
    public async Task A_plain_connection_to_the_TLS_listener_gets_nothing_and_does_not_stop_it()
    {
        using (var plain = server.Connect())
        {
            await plain.SendRawAsync(Leodis.Hl7v2.Mllp.MllpFraming.Frame(Messages.Adt("A28", Messages.HospitalNumber(), null)));
            await Assert.ThrowsAnyAsync<Exception>(() => plain.ReadAckAsync());
        }

        using var client = await MllpClient.ConnectTlsAsync(server.MllpPort, server.Certificate);
        await AdtFeedTests.AssertAppliedAsync(client, Messages.Adt("A28", Messages.HospitalNumber(), null));
    }

    public sealed class TlsFixture : Hl7v2ServerFixture, IDisposable
    {
        private readonly string file = Path.Combine(Path.GetTempPath(), $"leodis-mllp-{Guid.NewGuid():N}.pfx");

        public TlsFixture()
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            File.WriteAllBytes(file, created.Export(X509ContentType.Pfx, "test"));
            Certificate = X509CertificateLoader.LoadPkcs12FromFile(file, "test");
        }

        public X509Certificate2 Certificate { get; }

        public override string Provider => "sqlite";

        public void Dispose()
        {
            Certificate.Dispose();
            File.Delete(file);
        }

        protected override Task<string> ConnectionStringAsync() =>
            Task.FromResult($"Data Source={Path.Combine(Path.GetTempPath(), $"leodis-hl7v2-tls-{Guid.NewGuid():N}.db")}");

        protected override IEnumerable<string> ExtraArguments() => [$"--Hl7v2:TlsCertificatePath={file}", "--Hl7v2:TlsCertificatePassword=test", "--Hl7v2:ReadTimeoutSeconds=5"];
    }
}
