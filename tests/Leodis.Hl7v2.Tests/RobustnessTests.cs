using System.Net.Sockets;
using System.Text;
using Leodis.Hl7v2.Er7;
using Leodis.Hl7v2.Mllp;
using Leodis.Testing;

namespace Leodis.Hl7v2.Tests;

/// <summary>
/// Whatever a peer sends, the listener answers each frame with an ACK (AR or AE for what it cannot use) or drops the
/// connection, and keeps serving everyone else. Random inputs come from fixed seeds, so a failure can be repeated.
/// </summary>
public sealed class RobustnessTests(SqliteHl7v2Fixture server) : IClassFixture<SqliteHl7v2Fixture>
{
    private static readonly string[] AnyAck = ["AA", "AE", "AR"];
    private static readonly string[] NotApplied = ["AE", "AR"];
    private static readonly string Malformed = SharedData.Path("hl7v2", "nhapi-malformed");

    public static TheoryData<string> MalformedFiles() =>
        [.. Directory.GetFiles(Malformed, "*", SearchOption.AllDirectories).Where(f => !f.Contains("LICENSE", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Malformed, f)).Order()];

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public async Task Every_nHapi_test_file_gets_an_ACK_and_the_bad_inputs_get_AR_or_AE(string file)
    {
        var text = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(Path.Combine(Malformed, file)));
        var body = new string(text.Where(c => c is not ((char)0x0B or (char)0x1C)).ToArray());
        using var client = server.Connect();

        var ack = await client.SendAsync(body);

        var code = ack.Segment("MSA")![1];
        Assert.Contains(code, AnyAck);
        if (file.StartsWith("BadInputs", StringComparison.Ordinal))
        {
            Assert.Contains(code, NotApplied);
            Assert.DoesNotContain("internal error", ack.ToEr7(), StringComparison.Ordinal);
        }

        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Random_bytes_in_a_frame_are_answered_AR_or_AE()
    {
        var random = new Random(7001);
        using var client = server.Connect();
        for (var i = 0; i < 40; i++)
        {
            var bytes = new byte[random.Next(0, 3000)];
            random.NextBytes(bytes);
            var body = bytes.Where(b => b is not (MllpFrameReader.StartBlock or MllpFrameReader.EndBlock)).ToArray();
            if (i % 2 == 0)
            {
                body = [.. "MSH|^~\\&|"u8.ToArray(), .. body];
            }

            await client.SendRawAsync([MllpFrameReader.StartBlock, .. body, MllpFrameReader.EndBlock, MllpFrameReader.CarriageReturn]);
            var ack = await client.ReadAckAsync();
            Assert.Contains(ack.Segment("MSA")![1], NotApplied);
        }

        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Mutated_messages_never_go_unanswered_and_never_hit_an_internal_error()
    {
        var random = new Random(7002);
        const string alphabet = "|^~\\&\r\n0123456789ABCXYZ \"";
        using var client = server.Connect();
        for (var i = 0; i < 60; i++)
        {
            var chars = (i % 3 == 0 ? Messages.Result(Messages.HospitalNumber(), Messages.HospitalNumber()) : Messages.Adt(i % 2 == 0 ? "A01" : "A02", Messages.HospitalNumber(), Messages.HospitalNumber())).ToCharArray();
            for (var m = 0; m < 1 + (i % 6); m++)
            {
                chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            }

            var ack = await client.SendAsync(new string(chars));
            Assert.Contains(ack.Segment("MSA")![1], AnyAck);
            Assert.DoesNotContain("internal error", ack.ToEr7(), StringComparison.Ordinal);
        }

        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_frame_over_the_size_limit_is_an_AR_and_the_connection_stays_in_step()
    {
        using var client = server.Connect();
        var huge = Messages.Adt("A28", Messages.HospitalNumber(), null).Replace("SMITH", new string('X', Hl7v2ServerFixture.MaxMessageBytes + 10), StringComparison.Ordinal);

        var ack = await client.SendAsync(huge);

        Assert.Equal("AR", ack.Segment("MSA")![1]);
        await AdtFeedTests.AssertAppliedAsync(client, Messages.Adt("A28", Messages.HospitalNumber(), null));
    }

    [Fact]
    public async Task A_huge_field_under_the_limit_is_applied()
    {
        using var client = server.Connect();

        await AdtFeedTests.AssertAppliedAsync(client, Messages.Adt("A28", Messages.HospitalNumber(), null, family: new string('Y', 100_000)));
    }

    [Fact]
    public async Task Bad_framing_and_cut_off_frames_do_not_disturb_other_connections()
    {
        var valid = Messages.Adt("A28", Messages.HospitalNumber(), null);
        var framed = MllpFraming.Frame(valid);
        var random = new Random(7003);
        for (var i = 0; i < 20; i++)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync("127.0.0.1", server.MllpPort);
            var stream = tcp.GetStream();
            var bytes = (i % 4) switch
            {
                0 => Encoding.UTF8.GetBytes(valid),                           // no MLLP framing at all
                1 => framed[..random.Next(1, framed.Length - 2)],             // cut off before FS
                2 => [.. framed[..^1], .. framed[..^2]],                      // FS without CR, then a frame cut off
                _ => [MllpFrameReader.EndBlock, MllpFrameReader.CarriageReturn, .. framed[..10], MllpFrameReader.StartBlock],
            };
            await stream.WriteAsync(bytes);
            await stream.FlushAsync();
            tcp.Client.Shutdown(SocketShutdown.Send);
        }

        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_frame_whose_FS_has_no_CR_is_still_answered()
    {
        using var client = server.Connect();
        var framed = MllpFraming.Frame(Messages.Adt("A28", Messages.HospitalNumber(), null));

        await client.SendRawAsync(framed[..^1]);

        Assert.Equal("AA", (await client.ReadAckAsync()).Segment("MSA")![1]);
    }

    [Fact]
    public async Task Many_connections_at_once_are_each_answered_in_order()
    {
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            using var client = server.Connect();
            var (hn, visit) = (Messages.HospitalNumber(), Messages.HospitalNumber());
            foreach (var (trigger, minutes) in new[] { ("A01", 0), ("A02", 10), ("A03", 20) })
            {
                var message = Messages.Adt(trigger, hn, visit, ward: $"W{minutes}", time: Messages.Time(minutes));
                var ack = await client.SendAsync(message);
                Assert.Equal(Er7Message.Parse(message).ControlId, ack.Segment("MSA")![2]);
                Assert.Equal("AA", ack.Segment("MSA")![1]);
            }
        }));

        await AssertStillServingAsync();
    }

    private async Task AssertStillServingAsync()
    {
        using var client = server.Connect();
        await AdtFeedTests.AssertAppliedAsync(client, Messages.Adt("A28", Messages.HospitalNumber(), null));
    }
}
