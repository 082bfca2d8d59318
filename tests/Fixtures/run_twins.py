#!/usr/bin/python3
"""Runs ModelGen's generated PyTorch twins in PyTorch and records what they give.

Run with Debian's PyTorch (apt-get install python3-torch):
    /usr/bin/python3 tests/Fixtures/run_twins.py tests/ModelGen.Tests/bin/Debug/net10.0/pytorch-twins

The folder holds what PyTorchTwinTests writes for each model NAME: NAME.py (the generated source),
NAME.pt (weights TorchSharp saved, in torch.save's format) and NAME.input.json. For each, this script

- loads NAME.py as a module, builds NAME(), loads NAME.pt with load_state_dict (strict: every name and
  shape must be the C# model's) and runs the input through it in eval mode;
- loads the hand-written twin's weights (make_fixtures.py's fixtures) into it and records how far its
  outputs are from the hand-written twin's;
- then trains a fresh twin a little (SGD on random targets, seeded) and saves its weights as
  NAME.trained.pt with torch.save(state_dict), with its output for the same input;

- for a quantile or distribution twin, runs its loss (pinball_loss or negative_log_likelihood) on that output
  against seeded targets and records the value;

- records each top-level child module's repr() and each parameter's requires_grad, as make_fixtures.py
  records them for the hand-written twin in twin_modules.json (eval-mode outputs show neither a recurrent
  layer's dropout nor which layers are frozen);

and writes PyTorchTwins/NAME.json beside itself (the source it ran, both outputs, the modules) and
NAME.trained.pt. The tests compare the source with what is generated now, the outputs with TorchSharp's
and the modules with the hand-written twin's.
"""
import importlib.util
import json
import os
import sys

import zlib

import torch

from make_fixtures import twin_modules

HERE = os.path.dirname(os.path.abspath(__file__))


def read_inputs(data):
    """A model's inputs as recorded: one tensor ("input"/"input_shape", or "values"/"shape"), or named ones in order ("inputs")."""
    if "inputs" in data:
        return [torch.tensor(i["values"], dtype=torch.int64 if i["dtype"] == "int64" else torch.float32).reshape(i["shape"]) for i in data["inputs"]]
    if "input" in data:
        return [torch.tensor(data["input"], dtype=torch.float32).reshape(data["input_shape"])]
    return [torch.tensor(data["values"], dtype=torch.float32).reshape(data["shape"])]


def main(folder):
    out = os.path.join(HERE, "PyTorchTwins")
    os.makedirs(out, exist_ok=True)
    for file in sorted(f for f in os.listdir(folder) if f.endswith(".py")):
        name = file[: -len(".py")]
        with open(os.path.join(folder, file)) as f:
            source = f.read()
        spec = importlib.util.spec_from_file_location(name, os.path.join(folder, file))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        twin = getattr(module, name)()
        twin.load_state_dict(torch.load(os.path.join(folder, name + ".pt")))
        twin.eval()
        with open(os.path.join(folder, name + ".input.json")) as f:
            x = read_inputs(json.load(f))
        with torch.no_grad():
            y = twin(*x)

        # Weights trained in PyTorch: a fresh twin, a few SGD steps towards random targets (seeded by the
        # model's name, so a model added later leaves every other model's fixtures as they are).
        torch.manual_seed(zlib.crc32(name.encode()))
        trained = getattr(module, name)()
        optimizer = torch.optim.SGD([p for p in trained.parameters() if p.requires_grad], lr=0.05)
        trained.train()
        for _ in range(5):
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(trained(*x), torch.randn_like(y))
            loss.backward()
            optimizer.step()
        trained.eval()
        torch.save(trained.state_dict(), os.path.join(out, name + ".trained.pt"))
        with torch.no_grad():
            y_trained = trained(*x)

        # Against the hand-written twin in make_fixtures.py (the independent reference): the generated twin,
        # given the hand-written one's weights, must reproduce its recorded outputs.
        handwritten = (os.path.join(HERE, "seed_model.pt"), os.path.join(HERE, "seed_io.json")) if name == "MyModel" \
            else (os.path.join(HERE, "Catalogue", name + ".pt"), os.path.join(HERE, "Catalogue", name + ".json"))
        reference = getattr(module, name)()
        reference.load_state_dict(torch.load(handwritten[0]))
        reference.eval()
        with open(handwritten[1]) as f:
            io = json.load(f)
        with torch.no_grad():
            difference = (reference(*read_inputs(io)).flatten() - torch.tensor(io["output"])).abs().max()

        record = {
            "torch_version": torch.__version__,
            "handwritten_max_difference": float(difference),
            "source": source,
            "output_shape": list(y.shape),
            "output": [float(v) for v in y.flatten()],
            "trained_output": [float(v) for v in y_trained.flatten()],
            "modules": twin_modules(twin),
        }
        # A quantile or distribution twin carries its training loss: record it on the output above against
        # seeded targets, which the tests compare with the C# Losses on the same numbers.
        loss = getattr(module, "pinball_loss", None) or getattr(module, "negative_log_likelihood", None)
        if loss is not None:
            target = torch.randn(y.shape[:-1], generator=torch.Generator().manual_seed(16))
            record["loss"] = {"function": loss.__name__, "target": [float(v) for v in target.flatten()], "value": float(loss(y, target))}
        with open(os.path.join(out, name + ".json"), "w") as f:
            json.dump(record, f, indent=1)
            f.write("\n")
        print(f"{name}: ran, {len(record['output'])} outputs")


if __name__ == "__main__":
    main(sys.argv[1])
