namespace Leodis.Web.Patients;

/// <summary>One block of a document's text: a heading or a paragraph, as plain text.</summary>
public sealed record LetterBlock(bool IsHeading, string Text);
