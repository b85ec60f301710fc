namespace Leodis.Hl7v2.Delivery;

/// <summary>
/// Messages about one patient are applied one at a time, in the order they reach the lock: each patient key hashes to
/// one of a fixed set of locks, and a message about two patients (a merge) takes both, always in the same order.
/// </summary>
public sealed class PatientLocks
{
    private const int Stripes = 256;
    private readonly SemaphoreSlim[] locks = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<Held> AcquireAsync(IEnumerable<string> keys, CancellationToken ct)
    {
        var stripes = keys.Select(k => (int)((uint)StableHash(k) % Stripes)).Distinct().Order().ToArray();
        var taken = 0;
        try
        {
            for (; taken < stripes.Length; taken++)
            {
                await locks[stripes[taken]].WaitAsync(ct);
            }

            return new Held(this, stripes);
        }
        catch
        {
            Release(stripes.AsSpan(0, taken));
            throw;
        }
    }

    private void Release(ReadOnlySpan<int> stripes)
    {
        for (var i = stripes.Length - 1; i >= 0; i--)
        {
            locks[stripes[i]].Release();
        }
    }

    private static int StableHash(string key)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in key)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }

    /// <summary>The locks one message holds; disposing releases them.</summary>
    public sealed class Held(PatientLocks owner, int[] stripes) : IDisposable
    {
        public void Dispose() => owner.Release(stripes);
    }
}
