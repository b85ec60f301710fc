using BenchmarkDotNet.Running;

// Micro-benchmarks of Leodis hot paths. Run: dotnet run -c Release --project bench/Leodis.Benchmarks -- --filter '*'
// Benchmark classes are not sealed: BenchmarkDotNet runs them through a generated subclass.
BenchmarkSwitcher.FromAssembly(typeof(Leodis.Benchmarks.TemporarySqliteFile).Assembly).Run(args);
