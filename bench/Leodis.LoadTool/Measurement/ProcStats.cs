using System.Globalization;

namespace Leodis.LoadTool.Measurement;

/// <summary>Reads process and machine CPU time and memory from Linux's /proc; each reader answers null where /proc has no answer.</summary>
public static class ProcStats
{
    /// <summary>/proc reports CPU time in USER_HZ, which Linux fixes at 100 per second for user space.</summary>
    private const double TicksPerSecond = 100.0;

    /// <summary>User plus system CPU seconds of a process ("self" for this one) since it started.</summary>
    public static double? CpuSeconds(string pid)
    {
        if (Read($"/proc/{pid}/stat") is not { } stat)
        {
            return null;
        }

        // The command name in field 2 may hold spaces; the fields after its closing parenthesis start at field 3.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>A memory line of /proc/PID/status, such as VmRSS or VmHWM, in bytes.</summary>
    public static long? StatusBytes(string pid, string field)
    {
        if (Read($"/proc/{pid}/status") is not { } status)
        {
            return null;
        }

        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var kb = line[(field.Length + 1)..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }

    /// <summary>All cores' busy and total time from /proc/stat (idle and iowait count as not busy).</summary>
    public static (long Busy, long Total)? MachineCpu()
    {
        if (Read("/proc/stat") is not { } stat)
        {
            return null;
        }

        var values = stat[..stat.IndexOf('\n')].Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Take(8).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var total = values.Sum();
        return (total - values[3] - values[4], total);
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
