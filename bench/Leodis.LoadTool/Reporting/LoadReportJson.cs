using System.Text.Json.Serialization;

namespace Leodis.LoadTool.Reporting;

/// <summary>The JSON form of a <see cref="LoadReport"/> (--json-out), generated at compile time.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LoadReport))]
public sealed partial class LoadReportJson : JsonSerializerContext;
