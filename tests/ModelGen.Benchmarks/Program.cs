using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(ModelGen.Benchmarks.GeneratorBenchmarks).Assembly).Run(args);
