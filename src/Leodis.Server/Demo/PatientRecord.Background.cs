using Hl7.Fhir.Model;

namespace Leodis.Server.Demo;

/// <summary>What a patient brings with them: allergies (or a recorded "no known allergy"), long-term conditions and repeat medicines.</summary>
internal sealed partial class PatientRecord
{
    private const string ConditionClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    private const string ConditionVerification = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
    private const string ConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category";

    public static CodeableConcept ConditionStatus(bool active) =>
        new(ConditionClinical, active ? "active" : "resolved", active ? "Active" : "Resolved");

    public static CodeableConcept Confirmed => new(ConditionVerification, "confirmed", "Confirmed");

    public static CodeableConcept ProblemListItem => new(ConditionCategory, "problem-list-item", "Problem List Item");

    public static CodeableConcept EncounterDiagnosis => new(ConditionCategory, "encounter-diagnosis", "Encounter Diagnosis");

    private void AddAllergies()
    {
        var recorded = DaysAgo(Random.Between(30, 3000));
        var allergies = Random.NextDouble() switch
        {
            < 0.70 => 0,
            < 0.95 => 1,
            _ => 2,
        };
        if (allergies == 0)
        {
            Builder.Add(Allergy(Catalogue.NoKnownAllergy, null, recorded), "AllergyIntolerance");
            return;
        }

        var chosen = new HashSet<string>();
        for (var i = 0; i < allergies; i++)
        {
            var allergy = Random.Pick(Catalogue.Allergies);
            if (chosen.Add(allergy.Term.Code))
            {
                Builder.Add(Allergy(allergy.Term, allergy, recorded), "AllergyIntolerance");
            }
        }
    }

    private AllergyIntolerance Allergy(Term code, Allergy? allergy, DateTimeOffset recorded)
    {
        var resource = new AllergyIntolerance
        {
            ClinicalStatus = Term.Concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", "Active"),
            VerificationStatus = Term.Concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "confirmed", "Confirmed"),
            Code = code.ToConcept(),
            Patient = Subject,
            RecordedDate = LondonTime.Format(recorded),
            Recorder = Gp.Reference,
        };
        if (allergy is not null)
        {
            resource.Type = AllergyIntolerance.AllergyIntoleranceType.Allergy;
            resource.Category = [allergy.Category];
            resource.Criticality = allergy.HighCriticality ? AllergyIntolerance.AllergyIntoleranceCriticality.High : AllergyIntolerance.AllergyIntoleranceCriticality.Low;
            resource.Reaction =
            [
                new AllergyIntolerance.ReactionComponent
                {
                    Manifestation = allergy.Reactions.Select(r => r.ToConcept()).ToList(),
                    Severity = allergy.HighCriticality ? AllergyIntolerance.AllergyIntoleranceSeverity.Severe : AllergyIntolerance.AllergyIntoleranceSeverity.Mild,
                },
            ];
        }

        return resource;
    }

    private void AddLongTermConditions()
    {
        var medicines = new HashSet<string>();
        foreach (var definition in Catalogue.LongTermConditions)
        {
            if (Age < definition.MinimumAge)
            {
                continue;
            }

            var factor = definition.RisesWithAge ? Math.Clamp((Age - definition.MinimumAge) / 35.0, 0.05, 1.6) : 1.0;
            if (!Random.Chance(definition.Prevalence * factor))
            {
                continue;
            }

            var yearsWith = Random.Between(0, Math.Max(0, Math.Min(25, Age - definition.MinimumAge)));
            var onset = DaysAgo((yearsWith * 365) + Random.Between(30, 364));
            var condition = Builder.Add(
                new Condition
                {
                    ClinicalStatus = ConditionStatus(active: true),
                    VerificationStatus = Confirmed,
                    Category = [ProblemListItem],
                    Code = definition.Term.ToConcept(),
                    Subject = Subject,
                    Onset = new FhirDateTime(LondonTime.Format(onset)),
                    RecordedDate = LondonTime.Format(onset),
                    Recorder = Gp.Reference,
                },
                "Condition");
            LongTermConditions.Add((definition, condition));
            foreach (var medicine in definition.Medicines.Where(m => medicines.Add(m.Product.Code)))
            {
                AddMedicationStatement(medicine, condition, onset);
            }
        }
    }

    private void AddMedicationStatement(Medicine medicine, Condition reason, DateTimeOffset started)
    {
        var statement = new MedicationStatement
        {
            Status = MedicationStatement.MedicationStatusCodes.Active,
            Category = Term.Concept("http://terminology.hl7.org/CodeSystem/medication-statement-category", "community", "Community"),
            Medication = medicine.Product.ToConcept(),
            Subject = Subject,
            Effective = new Period { StartElement = new FhirDateTime(LondonTime.Format(started)) },
            DateAssertedElement = new FhirDateTime(LondonTime.Format(DaysAgo(Random.Between(1, 120)))),
            InformationSource = RecordBuilder.Ref(Practice.Organization, Practice.Organization.Name),
            ReasonReference = [RecordBuilder.Ref(reason)],
            Dosage = [Dosage(medicine)],
        };
        var added = Builder.Add(statement, "MedicationStatement");
        added.Identifier = [new Identifier("https://tools.ietf.org/html/rfc4122", added.Id)];
    }

    public static Dosage Dosage(Medicine medicine) => new()
    {
        Text = medicine.Dosage,
        Timing = new Timing { Repeat = new Timing.RepeatComponent { Frequency = medicine.TimesPerDay, Period = 1, PeriodUnit = Timing.UnitsOfTime.D } },
        AsNeeded = medicine.WhenRequired ? new FhirBoolean(true) : null,
        Route = medicine.Route.ToConcept(),
        DoseAndRate =
        [
            new Dosage.DoseAndRateComponent
            {
                Dose = new Quantity(medicine.Dose, medicine.DoseUnit, Term.UcumSystem),
            },
        ],
    };
}
