using System.Globalization;

namespace Leodis.Hl7v2.Tests;

/// <summary>ADT and ORU messages as a UK PAS and laboratory send them (v2.4, NHS number with authority NHS), made unique per test.</summary>
public static class Messages
{
    private static long sequence;

    /// <summary>A fresh MSH-10.</summary>
    public static string ControlId() => $"T{Interlocked.Increment(ref sequence)}-{Guid.NewGuid():N}"[..30];

    /// <summary>A unique hospital number.</summary>
    public static string HospitalNumber() => "H" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    public static string Adt(
        string trigger, string hospitalNumber, string? visit, string ward = "WARD1", string bed = "B1", string time = "202601101000",
        string? nhsNumber = null, string family = "SMITH", string? controlId = null, string patientClass = "I", string extra = "")
    {
        var nhs = nhsNumber is null ? string.Empty : $"~{nhsNumber}^^^NHS^NH";
        return $"MSH|^~\\&|PAS|RR8|LEODIS|RR8|{time}||ADT^{trigger}^ADT_A01|{controlId ?? ControlId()}|P|2.4|||AL|NE\r"
            + $"EVN|{trigger}|{time}|||||{time}\r"
            + $"PID|1||{hospitalNumber}^^^RR8^MR{nhs}||{family}^JANE^A^^MRS||19700506|F|||1 HIGH STREET^^LEEDS^^LS1 1AA^GBR^H||0113 496 0000^PRN^PH|||M||||||A||||||||||01\r"
            + Pv1(patientClass, $"{ward}^^{bed}^RR8", visit, trigger == "A01" ? time : string.Empty, trigger == "A03" ? time : string.Empty)
            + extra;
    }

    /// <summary>PV1 with class, location (PV1-3), consultant (PV1-7), specialty (PV1-10), visit number (PV1-19), admit and discharge times (PV1-44, PV1-45).</summary>
    public static string Pv1(string patientClass, string location, string? visit, string admitted, string discharged)
    {
        var fields = new string[46];
        Array.Fill(fields, string.Empty);
        fields[0] = "PV1";
        fields[1] = "1";
        fields[2] = patientClass;
        fields[3] = location;
        fields[7] = "C1234567^JONES^ALAN^^^DR";
        fields[10] = "300";
        fields[14] = "19";
        fields[19] = visit ?? string.Empty;
        fields[44] = admitted;
        fields[45] = discharged;
        return string.Join("|", fields) + "\r";
    }

    public static string Merge(string survivor, string merged, string? controlId = null) =>
        $"MSH|^~\\&|PAS|RR8|LEODIS|RR8|202601101200||ADT^A40^ADT_A39|{controlId ?? ControlId()}|P|2.4\r"
        + "EVN|A40|202601101200\r"
        + $"PID|1||{survivor}^^^RR8^MR||SMITH^JANE||19700506|F\r"
        + $"MRG|{merged}^^^RR8^MR\r";

    public static string Result(string hospitalNumber, string order, string glucose = "7.8", string flag = "H", string status = "F") =>
        $"MSH|^~\\&|LAB|RR8|LEODIS|RR8|202601101300||ORU^R01^ORU_R01|{ControlId()}|P|2.4\r"
        + $"PID|1||{hospitalNumber}^^^RR8^MR||SMITH^JANE||19700506|F\r"
        + $"OBR|1|P{order}|{order}^LAB|U&E^Urea and electrolytes^L|||202601101100|||||||||||||||202601101300||CH|{status}\r"
        + $"OBX|1|NM|2345-7^Glucose^LN||{glucose}|mmol/L^mmol/L^UCUM|3.5-5.5|{flag}|||{status}|||202601101100\r"
        + "NTE|1||Fasting sample\r"
        + $"OBX|2|NM|2951-2^Sodium^LN||140|mmol/l|133-146|N|||{status}\r"
        + $"OBX|3|SN|2160-0^Creatinine^LN||<^40|umol/L|45-84|L|||{status}\r"
        + $"OBX|4|ST|8251-1^Comment^LN||Slightly haemolysed||||||{status}\r";

    public static string Time(int minutes) =>
        new DateTime(2026, 1, 10, 10, 0, 0).AddMinutes(minutes).ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);
}
