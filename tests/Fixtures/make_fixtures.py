#!/usr/bin/python3
"""Makes the PyTorch reference fixtures the .NET tests compare against.

Run with Debian's PyTorch (apt-get install python3-torch):  /usr/bin/python3 tests/Fixtures/make_fixtures.py
The outputs are committed; the tests never need Python.

- seed_model.pt         state_dict of the seed model (torch.save), to load by name with TorchSharp.PyBridge
- seed_io.json          a fixed input batch, PyTorch's output for it, the state_dict keys and shapes
- parameter_counts.json named_parameters() counts for layer configurations the shape planner counts
"""
import json
import os

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))


class MyModel(nn.Module):
    """The seed model, written the way the question that started ModelGen wrote it."""

    def __init__(self):
        super().__init__()
        self.GRU = nn.GRU(3, 32, 2, batch_first=True)
        self.fc = nn.Linear(32, 5)

    def forward(self, x):
        output, h = self.GRU(x)
        return self.fc(output[:, -1, :]).view(-1, 5, 1)


def count(module):
    return sum(p.numel() for p in module.parameters())


def main():
    torch.manual_seed(20261128)
    model = MyModel().eval()
    x = torch.randn(16, 10, 3)
    with torch.no_grad():
        y = model(x)

    torch.save(model.state_dict(), os.path.join(HERE, "seed_model.pt"))
    io = {
        "torch_version": torch.__version__,
        "input_shape": list(x.shape),
        "input": [float(v) for v in x.flatten()],
        "output_shape": list(y.shape),
        "output": [float(v) for v in y.flatten()],
        "state_dict": [{"key": k, "shape": list(v.shape)} for k, v in model.state_dict().items()],
    }
    with open(os.path.join(HERE, "seed_io.json"), "w") as f:
        json.dump(io, f, indent=1)

    counts = []
    for input_size, hidden, layers, bias, bidirectional in [
        (3, 32, 2, True, False),
        (3, 32, 1, True, False),
        (3, 32, 2, True, True),
        (7, 16, 3, False, False),
        (7, 16, 3, False, True),
        (1, 1, 1, True, False),
        (64, 128, 4, True, True),
    ]:
        gru = nn.GRU(input_size, hidden, layers, bias=bias, batch_first=True, bidirectional=bidirectional)
        counts.append({"layer": "GRU", "input_size": input_size, "hidden_size": hidden, "num_layers": layers,
                       "bias": bias, "bidirectional": bidirectional, "parameters": count(gru),
                       "names": [n for n, _ in gru.named_parameters()]})
    for fan_in, fan_out, bias in [(32, 5, True), (32, 5, False), (1, 1, True), (512, 1000, True)]:
        linear = nn.Linear(fan_in, fan_out, bias=bias)
        counts.append({"layer": "Linear", "in_features": fan_in, "out_features": fan_out, "bias": bias,
                       "parameters": count(linear), "names": [n for n, _ in linear.named_parameters()]})
    with open(os.path.join(HERE, "parameter_counts.json"), "w") as f:
        json.dump({"torch_version": torch.__version__, "layers": counts}, f, indent=1)


if __name__ == "__main__":
    main()
