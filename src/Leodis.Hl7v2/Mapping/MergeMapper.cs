using Hl7.Fhir.Model;
using Leodis.Hl7v2.Er7;

namespace Leodis.Hl7v2.Mapping;

/// <summary>
/// A40 (merge patient, patient identifier list): for each PID + MRG pair, the record MRG-1 names is made inactive and
/// linked replaced-by the PID's record, which links back (replaces) and takes its identifiers as old ones; every
/// resource in the merged record's compartment is moved to the survivor.
/// </summary>
internal sealed class MergeMapper(MappingContext context, PatientMapper patients)
{
    /// <summary>More references than this in one merge is refused (AE) rather than half done.</summary>
    private const int MaxMovedResources = 1000;

    public async Task ApplyAsync(CancellationToken ct)
    {
        var pairs = new List<(Er7Segment Pid, Er7Segment Mrg)>();
        Er7Segment? lastPid = null;
        foreach (var segment in context.Message.Segments)
        {
            if (segment.Name == "PID")
            {
                lastPid = segment;
            }
            else if (segment.Name == "MRG")
            {
                pairs.Add((lastPid ?? throw new MappingException("A40 needs a PID before each MRG.", "100", "MRG"), segment));
            }
        }

        if (pairs.Count == 0)
        {
            throw new MappingException("A40 needs a PID followed by an MRG for each merge.", "100", "MRG");
        }

        foreach (var (pid, mrg) in pairs)
        {
            var survivor = await patients.ApplyAsync(pid, ct);
            var merged = await patients.FindAsync(PatientIdentifiers.ReadList(mrg.Field(1), context.Options), ct)
                ?? throw new MappingException("A40: the patient to merge (MRG-1) is not known.", "204", "MRG^1^1");
            if (survivor.Reference == $"Patient/{merged.Id}")
            {
                continue;
            }

            merged.Active = false;
            merged.Link = [new Patient.LinkComponent { Other = new ResourceReference(survivor.Reference), Type = Patient.LinkType.ReplacedBy }];
            patients.Update(merged);

            var kept = survivor.Patient;
            kept.Link.RemoveAll(l => l.Other?.Reference == $"Patient/{merged.Id}");
            kept.Link.Add(new Patient.LinkComponent { Other = new ResourceReference($"Patient/{merged.Id}"), Type = Patient.LinkType.Replaces });
            foreach (var identifier in merged.Identifier.Where(i => !kept.Identifier.Any(k => k.System == i.System && k.Value == i.Value)))
            {
                var old = (Identifier)identifier.DeepCopy();
                old.Use = Identifier.IdentifierUse.Old;
                kept.Identifier.Add(old);
            }

            await MoveReferencesAsync($"Patient/{merged.Id}", survivor.Reference, ct);
        }
    }

    private async Task MoveReferencesAsync(string from, string to, CancellationToken ct)
    {
        var linked = await context.Lookup.SearchAsync<Resource>($"{from}/*", string.Empty, ct, count: MaxMovedResources + 1);
        if (linked.Count > MaxMovedResources)
        {
            throw new MappingException($"A40: the merged record has more than {MaxMovedResources} resources; merge it in parts.", "207", "MRG^1^1");
        }

        foreach (var resource in linked.Where(r => r is not Patient))
        {
            if (Rewrite(resource, from, to) > 0)
            {
                context.Plan.Update(resource);
            }
        }
    }

    /// <summary>Points every Reference to <paramref name="from"/> in an element tree at <paramref name="to"/>.</summary>
    private static int Rewrite(Base element, string from, string to)
    {
        var count = 0;
        if (element is ResourceReference reference && reference.Reference == from)
        {
            reference.Reference = to;
            count++;
        }

        foreach (var (_, value) in element.EnumerateElements())
        {
            if (value is Base child)
            {
                count += Rewrite(child, from, to);
            }
            else if (value is System.Collections.IEnumerable list and not string)
            {
                count += list.OfType<Base>().Sum(item => Rewrite(item, from, to));
            }
        }

        return count;
    }
}
