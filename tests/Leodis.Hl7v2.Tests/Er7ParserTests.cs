using Leodis.Hl7v2.Delivery;
using Leodis.Hl7v2.Er7;

namespace Leodis.Hl7v2.Tests;

public sealed class Er7ParserTests
{
    private const string Header = "MSH|^~\\&|PAS|RR8|LEODIS|RR8|20260110100000||ADT^A01^ADT_A01|C1|P|2.4\r";

    [Fact]
    public void Fields_repetitions_components_and_subcomponents_are_read_by_their_spec_positions()
    {
        var message = Er7Message.Parse(Header + "PID|1||111^^^RR8^MR~9434765919^^^NHS^NH||SMITH&VAN^JANE^A\r");
        var pid = message.Segment("PID")!;

        Assert.Equal("1", pid[1]);
        Assert.Equal(["111", "9434765919"], pid.Field(3).Repetitions().Select(r => r[1]));
        Assert.Equal("NHS", pid.Field(3).Repetition(2)[4]);
        Assert.Equal("SMITH", pid[5]);
        Assert.Equal("VAN", pid[5, 1, 2]);
        Assert.Equal("JANE", pid[5, 2]);
        Assert.Equal(string.Empty, pid[5, 9]);
        Assert.Equal(string.Empty, pid[40]);
    }

    [Fact]
    public void MSH_1_and_MSH_2_are_the_delimiters_and_the_header_fields_follow_them()
    {
        var message = Er7Message.Parse(Header);

        Assert.Equal("|", message.Header[1]);
        Assert.Equal("^~\\&", message.Header.Field(2).Raw);
        Assert.Equal("PAS", message.SendingApplication);
        Assert.Equal("ADT", message.MessageCode);
        Assert.Equal("A01", message.TriggerEvent);
        Assert.Equal("C1", message.ControlId);
        Assert.Equal("2.4", message.Version);
    }

    [Fact]
    public void Other_delimiters_declared_in_MSH_are_used_throughout()
    {
        var message = Er7Message.Parse("MSH#$*!%#PAS#RR8#####ADT$A08#C2#P#2.5.1\rPID#1##111$$$RR8$MR*222#\rZPI#x%y\r");

        Assert.Equal('#', message.Delimiters.Field);
        Assert.Equal(["111", "222"], message.Segment("PID")!.Field(3).Repetitions().Select(r => r[1]));
        Assert.Equal("y", message.Segment("ZPI")![1, 1, 2]);
        Assert.Equal("A08", message.TriggerEvent);
    }

    [Theory]
    [InlineData("a\\F\\b", "a|b")]
    [InlineData("a\\S\\b\\T\\c\\R\\d\\E\\e", "a^b&c~d\\e")]
    [InlineData("line one\\.br\\line two", "line one\nline two")]
    [InlineData("\\X414243\\", "ABC")]
    [InlineData("caf\\XC3A9\\", "café")]
    [InlineData("\\H\\bold\\N\\", "bold")]
    [InlineData("unterminated \\F", "unterminated \\F")]
    public void Escape_sequences_are_replaced_by_what_they_stand_for(string raw, string text)
    {
        var message = Er7Message.Parse(Header + $"NTE|1||{raw}\r");

        Assert.Equal(text, message.Segment("NTE")!.Field(3).Text);
    }

    [Fact]
    public void Escaping_and_reading_back_gives_the_same_text()
    {
        const string text = "A|B^C&D~E\\F\nG";

        Assert.Equal(text, Er7Delimiters.Default.Unescape(Er7Delimiters.Default.EscapeText(text)));
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Segments_end_with_CR_LF_or_CRLF(string terminator)
    {
        var message = Er7Message.Parse($"\uFEFFMSH|^~\\&|PAS|RR8|||20260110||ADT^A01|C3|P|2.3{terminator}EVN|A01{terminator}PID|1{terminator}{terminator}");

        Assert.Equal(["MSH", "EVN", "PID"], message.Segments.Select(s => s.Name));
    }

    [Theory]
    [InlineData("2.3")]
    [InlineData("2.3.1")]
    [InlineData("2.4")]
    [InlineData("2.5.1")]
    [InlineData("2.6")]
    [InlineData("2.7.1")]
    [InlineData("2.8")]
    public void Versions_from_2_3_to_2_8_are_read(string version)
    {
        Assert.Equal(version, Er7Message.Parse($"MSH|^~\\&|A|B|||20260110||ADT^A01|C|P|{version}\r").Version);
    }

    [Fact]
    public void Unknown_and_Z_segments_are_kept_in_order()
    {
        var message = Er7Message.Parse(Header + "ZPV|custom^value\rPID|1\rXYZ|1\r");

        Assert.Equal(["MSH", "ZPV", "PID", "XYZ"], message.Segments.Select(s => s.Name));
        Assert.Equal("value", message.Segment("ZPV")![1, 2]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("PID|1||111\r")]
    [InlineData("MSH|^~\r")]
    [InlineData("MSH|^^\\&|A|B|||20260110||ADT^A01|C|P|2.4\r")]
    [InlineData("MSH|^~\\&|A|B|||20260110||ADT^A01|C|P|2.2\r")]
    [InlineData("MSH|^~\\&|A|B|||20260110||ADT^A01||P|2.4\r")]
    [InlineData("MSH|^~\\&|A|B|||20260110|||C|P|2.4\r")]
    [InlineData("MSH|^~\\&|A|B|||20260110||ADT^A01|C|P|2.4\rpid|1\r")]
    public void What_is_not_a_readable_message_is_a_parse_error(string text)
    {
        Assert.Throws<Er7ParseException>(() => Er7Message.Parse(text));
    }

    [Fact]
    public void An_AE_carries_an_ERR_segment_with_the_table_0357_code_and_the_location()
    {
        var message = Er7Message.Parse(Header.Replace("2.4", "2.5", StringComparison.Ordinal));

        var ack = Er7Message.Parse(Acknowledgement.For(message, "AE", DateTimeOffset.UnixEpoch, new AckError("204", "Unknown visit", "PV1^1^19")));

        Assert.Equal("ACK", ack.MessageCode);
        Assert.Equal("RR8", ack.Header[6]);
        Assert.Equal("PAS", ack.Header[5]);
        Assert.Equal("AE", ack.Segment("MSA")![1]);
        Assert.Equal("C1", ack.Segment("MSA")![2]);
        Assert.Equal("PV1", ack.Segment("ERR")![2, 1]);
        Assert.Equal("19", ack.Segment("ERR")![2, 3]);
        Assert.Equal("204", ack.Segment("ERR")![3, 1]);
        Assert.Equal("E", ack.Segment("ERR")![4]);
    }
}
