using Hl7.Fhir.Model;

namespace Leodis.Server.Demo;

/// <summary>A person's name as the generator makes it.</summary>
internal sealed record PersonName(string Given, string Family, string Prefix);

/// <summary>
/// Names as they are found in Leeds: British first names by the decade people were born in, and South Asian, African
/// and Caribbean, Eastern European and Chinese names in roughly the city's proportions (2021 census), chosen by the
/// person's ethnic category so that name and category agree.
/// </summary>
internal static class UkNames
{
    private static readonly string[] WomenBefore1950 =
    [
        "Margaret", "Dorothy", "Joan", "Jean", "Barbara", "Patricia", "Sheila", "Doreen", "Betty", "Irene", "Elsie", "Mary",
        "Joyce", "Audrey", "Eileen", "Brenda", "Shirley", "Maureen", "Kathleen", "Edna", "Marjorie", "Vera", "Hilda", "Iris",
        "Valerie", "Pauline", "Sylvia", "June", "Gladys", "Winifred",
    ];

    private static readonly string[] Women1950To1979 =
    [
        "Susan", "Linda", "Christine", "Karen", "Julie", "Deborah", "Carol", "Elizabeth", "Sarah", "Alison", "Tracey", "Joanne",
        "Nicola", "Amanda", "Helen", "Lisa", "Michelle", "Angela", "Jacqueline", "Janet", "Gillian", "Lynne", "Dawn", "Wendy",
        "Claire", "Jane", "Ann", "Lorraine", "Catherine", "Rachel",
    ];

    private static readonly string[] WomenFrom1980 =
    [
        "Emma", "Laura", "Charlotte", "Sophie", "Hannah", "Jessica", "Amy", "Rebecca", "Lauren", "Gemma", "Chloe", "Katie",
        "Olivia", "Emily", "Holly", "Megan", "Lucy", "Ellie", "Amelia", "Grace", "Georgia", "Bethany", "Jade", "Danielle",
        "Natalie", "Zoe", "Kirsty", "Abigail", "Leah", "Isla",
    ];

    private static readonly string[] MenBefore1950 =
    [
        "Albert", "Arthur", "Harold", "Kenneth", "Stanley", "Ernest", "Frank", "Walter", "Leonard", "Norman", "Frederick",
        "Ronald", "Dennis", "Alan", "Peter", "Brian", "Derek", "Raymond", "Roy", "Eric", "Gordon", "Donald", "Geoffrey",
        "Cyril", "Herbert", "Sidney", "Bernard", "Thomas", "William", "George",
    ];

    private static readonly string[] Men1950To1979 =
    [
        "David", "John", "Michael", "Paul", "Andrew", "Mark", "Stephen", "Ian", "Gary", "Richard", "Robert", "Christopher",
        "Steven", "Neil", "Martin", "Simon", "Anthony", "Kevin", "Philip", "Graham", "Nigel", "Darren", "Jason", "Stuart",
        "Keith", "Colin", "Trevor", "Barry", "Timothy", "Jonathan",
    ];

    private static readonly string[] MenFrom1980 =
    [
        "James", "Daniel", "Thomas", "Matthew", "Joshua", "Ryan", "Luke", "Adam", "Jack", "Liam", "Callum", "Jordan", "Oliver",
        "Harry", "Jacob", "Samuel", "Benjamin", "Lewis", "Connor", "Nathan", "Alexander", "Joseph", "Dylan", "Kieran",
        "Bradley", "Aaron", "Charlie", "Ethan", "Owen", "Max",
    ];

    private static readonly string[] BritishFamilies =
    [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson",
        "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Harris", "Edwards", "Turner",
        "Martin", "Cooper", "Hill", "Ward", "Hughes", "Moore", "Clark", "King", "Harrison", "Lewis", "Baker", "Lee", "Allen",
        "Morris", "Scott", "Watson", "Parker", "James", "Bennett", "Young", "Phillips", "Richardson", "Mitchell", "Bailey",
        "Carter", "Cook", "Shaw", "Bell", "Collins", "Morgan", "Kelly", "Miller", "Cox", "Marshall", "Simpson", "Price",
        "Anderson", "Adams", "Wilkinson", "Foster", "Ellis", "Murphy", "Chapman", "Mason", "Gray", "Richards", "Webb",
        "Griffiths", "Hunt", "Palmer", "Holmes", "Mills", "Rogers", "Barnes", "Knight", "Matthews", "Barker", "Powell",
        "Fisher", "Butler", "Dixon", "Russell", "Pearson", "Atkinson", "Hargreaves", "Sutcliffe", "Ackroyd", "Haigh",
        "Holroyd", "Greenwood", "Firth", "Brook", "Lister", "Pickles", "Crowther", "Thackray", "Whiteley", "Hepworth",
    ];

    private static readonly string[] SouthAsianWomen =
    [
        "Aisha", "Fatima", "Ayesha", "Nusrat", "Shazia", "Samina", "Nasreen", "Parveen", "Zainab", "Amina", "Sana", "Hina",
        "Priya", "Anjali", "Sunita", "Kiran", "Manjit", "Harpreet", "Rukhsana", "Saima",
    ];

    private static readonly string[] SouthAsianMen =
    [
        "Mohammed", "Muhammad", "Imran", "Tariq", "Asif", "Khalid", "Zahid", "Shahid", "Bilal", "Adnan", "Arif", "Nadeem",
        "Rajesh", "Sanjay", "Amrit", "Gurpreet", "Harjit", "Sunil", "Ravi", "Hamza",
    ];

    private static readonly string[] SouthAsianFamilies =
    [
        "Khan", "Hussain", "Ahmed", "Ali", "Akhtar", "Iqbal", "Mahmood", "Shah", "Patel", "Singh", "Sharma", "Rashid",
        "Aslam", "Mirza", "Qureshi", "Chaudhry", "Rehman", "Bhatti", "Sandhu", "Gill",
    ];

    private static readonly string[] AfricanCaribbeanWomen =
    [
        "Grace", "Blessing", "Abena", "Adwoa", "Chioma", "Ngozi", "Esther", "Faith", "Joy", "Precious", "Marcia", "Beverley",
        "Yvonne", "Simone", "Janice",
    ];

    private static readonly string[] AfricanCaribbeanMen =
    [
        "Kwame", "Kofi", "Emmanuel", "Samuel", "Chinedu", "Oluwaseun", "Tendai", "Winston", "Delroy", "Clive", "Michael",
        "Joseph", "Isaac", "Patrick", "Leroy",
    ];

    private static readonly string[] AfricanCaribbeanFamilies =
    [
        "Okafor", "Mensah", "Boateng", "Adeyemi", "Okoro", "Asante", "Mwangi", "Moyo", "Campbell", "Brown", "Williams",
        "Thomas", "Johnson", "Francis", "Clarke",
    ];

    private static readonly string[] EasternEuropeanWomen =
    [
        "Agnieszka", "Katarzyna", "Magdalena", "Anna", "Joanna", "Monika", "Ewa", "Justyna", "Ioana", "Elena", "Kristina", "Jana",
    ];

    private static readonly string[] EasternEuropeanMen =
    [
        "Piotr", "Tomasz", "Krzysztof", "Paweł", "Łukasz", "Marek", "Andrzej", "Michał", "Andrei", "Mihai", "Tomas", "Jakub",
    ];

    // Polish and Czech family names change with gender: the same index gives the matching pair.
    private static readonly string[] EasternEuropeanFamiliesOfMen =
        ["Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Popescu", "Ionescu", "Novák"];

    private static readonly string[] EasternEuropeanFamiliesOfWomen =
        ["Kowalska", "Nowak", "Wiśniewska", "Wójcik", "Kamińska", "Lewandowska", "Zielińska", "Popescu", "Ionescu", "Nováková"];

    private static readonly string[] ChineseWomen = ["Mei", "Li", "Xiaoling", "Hui", "Ying", "Jing"];

    private static readonly string[] ChineseMen = ["Wei", "Jun", "Hao", "Ming", "Lei", "Tao"];

    private static readonly string[] ChineseFamilies = ["Chen", "Wang", "Li", "Zhang", "Liu", "Wong", "Chan", "Lee"];

    /// <summary>Ethnic categories (UK Core, England) weighted as in Leeds; "Z" is "not stated".</summary>
    public static readonly IReadOnlyList<((string Code, string Display) Item, double Weight)> EthnicCategories =
    [
        (("A", "White - British"), 72),
        (("B", "White - Irish"), 1),
        (("C", "White - Any other White background"), 6),
        (("D", "Mixed - White and Black Caribbean"), 1.5),
        (("F", "Mixed - White and Asian"), 1.2),
        (("H", "Asian or Asian British - Indian"), 2.8),
        (("J", "Asian or Asian British - Pakistani"), 4.2),
        (("K", "Asian or Asian British - Bangladeshi"), 0.8),
        (("L", "Asian or Asian British - Any other Asian background"), 1.6),
        (("M", "Black or Black British - Caribbean"), 1.2),
        (("N", "Black or Black British - African"), 3.6),
        (("R", "Other Ethnic Groups - Chinese"), 1),
        (("S", "Other Ethnic Groups - Any other ethnic group"), 1.1),
        (("Z", "Not stated"), 2),
    ];

    public static PersonName Pick(DemoRandom random, AdministrativeGender gender, int birthYear, string ethnicCategory)
    {
        var woman = gender == AdministrativeGender.Female;
        string given;
        string family;
        switch (ethnicCategory)
        {
            case "H" or "J" or "K" or "L":
                given = random.Pick(woman ? SouthAsianWomen : SouthAsianMen);
                family = woman && random.Chance(0.15) ? random.Pick(["Begum", "Bibi", "Kaur"]) : random.Pick(SouthAsianFamilies);
                break;
            case "M" or "N":
                given = random.Pick(woman ? AfricanCaribbeanWomen : AfricanCaribbeanMen);
                family = random.Pick(AfricanCaribbeanFamilies);
                break;
            case "C":
                given = random.Pick(woman ? EasternEuropeanWomen : EasternEuropeanMen);
                var index = random.Next(EasternEuropeanFamiliesOfMen.Length);
                family = woman ? EasternEuropeanFamiliesOfWomen[index] : EasternEuropeanFamiliesOfMen[index];
                break;
            case "R":
                given = random.Pick(woman ? ChineseWomen : ChineseMen);
                family = random.Pick(ChineseFamilies);
                break;
            default:
                given = random.Pick(BritishFirstNames(woman, birthYear));
                family = random.Pick(BritishFamilies);
                break;
        }

        var prefix = !woman ? "Mr" : birthYear < 1975 ? random.Pick(["Mrs", "Mrs", "Mrs", "Miss", "Ms"]) : random.Pick(["Mrs", "Miss", "Ms"]);
        return new PersonName(given, family, prefix);
    }

    private static string[] BritishFirstNames(bool woman, int birthYear) => (woman, birthYear) switch
    {
        (true, < 1950) => WomenBefore1950,
        (true, < 1980) => Women1950To1979,
        (true, _) => WomenFrom1980,
        (false, < 1950) => MenBefore1950,
        (false, < 1980) => Men1950To1979,
        _ => MenFrom1980,
    };
}
