using System;
using TorchSharp;
using Forecasting;

Console.WriteLine(MyModel.Summary(512));
using var model = new MyModel();
using var x = torch.randn(512, 10, 3);
using var y = model.forward(x);
Console.WriteLine(string.Join(",", y.shape));
foreach (var (name, p) in model.named_parameters()) Console.WriteLine(name);
