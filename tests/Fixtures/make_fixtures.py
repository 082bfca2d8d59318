#!/usr/bin/python3
"""Makes the PyTorch reference fixtures the .NET tests compare against.

Run with Debian's PyTorch (apt-get install python3-torch):  /usr/bin/python3 tests/Fixtures/make_fixtures.py
To make one new catalogue model's fixtures only:              /usr/bin/python3 tests/Fixtures/make_fixtures.py NAME ...
To make the legacy torch.save file (only then, see below):    /usr/bin/python3 tests/Fixtures/make_fixtures.py --legacy-pickle
The outputs are committed; the tests never need Python.

- seed_model.pt         state_dict of the seed model (torch.save), to load by name with TorchSharp.PyBridge
- seed_io.json          a fixed input batch, PyTorch's output for it, the state_dict keys and shapes
- parameter_counts.json named_parameters() counts for layer configurations the shape planner counts
- Catalogue/NAME.pt, NAME.json, NAME.torchinfo.txt for each model in Catalogue/NAME.cs: the PyTorch
  equivalent's state_dict, a fixed input and PyTorch's output for it, its parameters, and torchinfo's
  summary for a batch of 32. torchinfo must be importable (its source on PYTHONPATH is enough); the
  committed files were made with torchinfo at commit 5c4164f, which prints the seed model exactly as
  shared/reference/seed-model.torchinfo.txt does.
- twin_modules.json     for the seed and every catalogue model, each top-level child module's repr() and each
  parameter's requires_grad: what eval-mode outputs cannot show (dropout, frozen layers). run_twins.py records
  the same for the generated twins, and the tests compare the two. It depends on no seed: every run writes it
  whole, and with model names too.
- legacy_torch_save.pt  a tiny state_dict saved as torch.save wrote before PyTorch 1.6 (a bare pickle), which
  LoadCheckpoint must refuse with its own message. Its pickle names storages by memory address, so its bytes
  differ on every run: only --legacy-pickle makes it, and a full run leaves the committed file alone.
"""
import math
import json
import os
import sys

import torch
import torch.nn.functional as F
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


# PyTorch equivalents of the declarations in Catalogue/*.cs: same attribute names, same order.
class StackedLstm(nn.Module):
    input_shape = (12, 3)

    def __init__(self):
        super().__init__()
        self.encoder = nn.LSTM(3, 16, 2, batch_first=True, dropout=0.1)
        self.norm = nn.LayerNorm(16)
        self.head = nn.Linear(16, 4)

    def forward(self, x):
        x, _ = self.encoder(x)
        x = self.norm(x)
        return self.head(x[:, -1, :]).reshape(-1, 4, 1)


class BidirectionalGru(nn.Module):
    input_shape = (10, 4)

    def __init__(self):
        super().__init__()
        self.encoder = nn.GRU(4, 8, 2, batch_first=True, bidirectional=True)
        self.head = nn.Linear(16, 3)

    def forward(self, x):
        x, _ = self.encoder(x)
        return self.head(x[:, 0, :])


class ReluRnn(nn.Module):
    input_shape = (8, 2)

    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(2, 12, nonlinearity="relu", bias=False, batch_first=True)
        self.squash = nn.Tanh()
        self.head = nn.Linear(12, 2)

    def forward(self, x):
        x, _ = self.rnn(x)
        x = self.squash(x)
        return self.head(x[:, -1, :])


class ConvFrontEnd(nn.Module):
    input_shape = (16, 3)

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv1d(3, 8, 3, padding=1)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv1d(8, 8, 3, stride=2, dilation=2, groups=2)
        self.gru = nn.GRU(8, 16, batch_first=True)
        self.dropout = nn.Dropout(0.2)
        self.head = nn.Linear(16, 5)

    def forward(self, x):
        # Conv1d takes [batch, channels, steps]: transpose once around the convolutions, as one writes it.
        x = x.transpose(1, 2)
        x = self.conv2(self.relu(self.conv1(x)))
        x = x.transpose(1, 2)
        x, _ = self.gru(x)
        x = self.dropout(x[:, -1, :])
        return self.head(x).reshape(-1, 5, 1)


class SequenceToSequence(nn.Module):
    input_shape = (10, 3)

    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(3, 16, batch_first=True)
        self.proj = nn.Linear(16, 8)
        self.gelu = nn.GELU()
        self.readout = nn.Linear(8, 1)
        self.squash = nn.Sigmoid()

    def forward(self, x):
        x, _ = self.gru(x)
        return self.squash(self.readout(self.gelu(self.proj(x))))


class FlattenMlp(nn.Module):
    input_shape = (10, 3)

    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.hidden = nn.Linear(30, 16)
        self.norm = nn.LayerNorm(16, eps=1e-3, elementwise_affine=False)
        self.relu = nn.ReLU()
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(16, 5)

    def forward(self, x):
        x = self.dropout(self.relu(self.norm(self.hidden(self.flatten(x)))))
        return self.head(x).reshape(-1, 5, 1)


class FrozenEncoder(nn.Module):
    input_shape = (10, 3)

    def __init__(self):
        super().__init__()
        self.encoder = nn.GRU(3, 8, batch_first=True)
        for p in self.encoder.parameters():
            p.requires_grad = False
        self.head = nn.Linear(8, 2)

    def forward(self, x):
        x, _ = self.encoder(x)
        return self.head(x[:, -2, :])


class AutoregressiveGruHead(nn.Module):
    """ModelGen's AutoregressiveGruHead in PyTorch: same submodule names, so weights move both ways."""

    def __init__(self, hidden_size, out_features, horizon, levels=1, fed_level=0, link=None, covariate_features=0):
        super().__init__()
        self.cell = nn.GRUCell(out_features + covariate_features, hidden_size)
        self.readout = nn.Linear(hidden_size, out_features * levels)
        self.horizon, self.levels, self.fed_level, self.link = horizon, levels, fed_level, link

    def forward(self, hidden, first_input, covariates=None):
        """With quantile levels, each step reads out every level of each value and feeds the medians (fed_level) back;
        with a distribution's link, its parameters, linked, and their mean (fed_level 0) back. With covariates
        [batch, horizon, features], step t is fed the value fed back joined with row t (darts' RNNModel's [y_t, x_{t+1}])."""
        fed, outputs = first_input, []
        for step in range(self.horizon):
            hidden = self.cell(fed if covariates is None else torch.cat([fed, covariates[:, step]], 1), hidden)
            prediction = self.readout(hidden)
            if self.link is not None:
                prediction = self.link(prediction.reshape(prediction.shape[0], -1, self.levels)).reshape(prediction.shape[0], -1)
            outputs.append(prediction)
            fed = prediction if self.levels == 1 else prediction.reshape(prediction.shape[0], -1, self.levels)[:, :, self.fed_level]
        return torch.stack(outputs, 1)


class DirRecHead(nn.Module):
    """ModelGen's DirRecHead in PyTorch: steps.k reads the state and the k earlier predictions."""

    def __init__(self, in_features, out_features, horizon, levels=1, fed_level=0):
        super().__init__()
        self.steps = nn.ModuleList([nn.Linear(in_features + k * out_features, out_features * levels) for k in range(horizon)])
        self.levels, self.fed_level = levels, fed_level

    def forward(self, hidden):
        """With quantile levels, each step emits every level of each value, and later steps read the medians (fed_level)."""
        inputs, outputs = [hidden], []
        for step in self.steps:
            prediction = step(torch.cat(inputs, 1))
            outputs.append(prediction)
            inputs.append(prediction if self.levels == 1 else prediction.reshape(prediction.shape[0], -1, self.levels)[:, :, self.fed_level])
        return torch.stack(outputs, 1)


class AutoregressiveForecaster(nn.Module):
    input_shape = (10, 3)
    torchinfo = False  # ModelGen counts a decoder step once per step; torchinfo lists each call of the cell

    def __init__(self):
        super().__init__()
        self.encoder = nn.GRU(3, 16, 2, batch_first=True)
        self.head = AutoregressiveGruHead(16, 1, 5)

    def forward(self, x):
        x_out, _ = self.encoder(x)
        return self.head(x_out[:, -1, :], x[:, -1, [0]])


class DirRecForecaster(nn.Module):
    input_shape = (8, 2)
    torchinfo = False

    def __init__(self):
        super().__init__()
        self.encoder = nn.LSTM(2, 12, batch_first=True)
        self.head = DirRecHead(12, 2, 3)
        for p in self.head.parameters():
            p.requires_grad = False

    def forward(self, x):
        x, _ = self.encoder(x)
        return self.head(x[:, -1, :])


class CausalTcn(nn.Module):
    input_shape = (24, 3)

    def __init__(self):
        super().__init__()
        self.tcn1 = nn.Conv1d(3, 8, 3)
        self.relu1 = nn.ReLU()
        self.tcn2 = nn.Conv1d(8, 8, 3, dilation=2, groups=2)
        self.relu2 = nn.ReLU()
        self.tcn3 = nn.Conv1d(8, 8, 3, dilation=4, bias=False)
        self.head = nn.Linear(8, 5)

    def forward(self, x):
        # Causal: pad dilation * (kernel_size - 1) zero steps on the left only, the usual TCN layer,
        # channels-first throughout the convolutions.
        x = x.transpose(1, 2)
        x = self.relu1(self.tcn1(F.pad(x, (2, 0))))
        x = self.relu2(self.tcn2(F.pad(x, (4, 0))))
        x = self.tcn3(F.pad(x, (8, 0)))
        x = x.transpose(1, 2)
        return self.head(x[:, -1, :]).reshape(-1, 5, 1)


class PretrainedFrontEnd(nn.Module):
    input_shape = (12, 4)

    def __init__(self):
        super().__init__()
        self.causal = nn.Conv1d(4, 6, 2)
        self.conv = nn.Conv1d(6, 6, 3, bias=False)
        self.norm = nn.LayerNorm(6)
        self.gru = nn.GRU(6, 8, batch_first=True)
        self.proj = nn.Linear(8, 8, bias=False)
        self.squash = nn.Tanh()
        self.head = nn.Linear(8, 3)
        for frozen in (self.causal, self.conv, self.norm, self.proj):
            for p in frozen.parameters():
                p.requires_grad = False

    def forward(self, x):
        x = self.causal(F.pad(x.transpose(1, 2), (1, 0))).transpose(1, 2)
        x = self.conv(x.transpose(1, 2)).transpose(1, 2)
        x = self.norm(x)
        x, _ = self.gru(x)
        return self.head(self.squash(self.proj(x[:, -1, :])))


class TcnBlock(nn.Module):
    """Bai et al.'s residual block: two dilated causal convolutions with ReLU and dropout, plus the input (1x1 conv when widths differ)."""

    def __init__(self, in_channels=16, width=16, dilation=1):
        super().__init__()
        self.padding = dilation * 2
        self.conv1 = nn.Conv1d(in_channels, width, 3, dilation=dilation)
        self.relu1 = nn.ReLU()
        self.drop1 = nn.Dropout(0.1)
        self.conv2 = nn.Conv1d(width, width, 3, dilation=dilation)
        self.relu2 = nn.ReLU()
        self.downsample = nn.Conv1d(in_channels, width, 1) if in_channels != width else None

    def forward(self, x):
        y = self.drop1(self.relu1(self.conv1(F.pad(x, (self.padding, 0)))))
        y = self.relu2(self.conv2(F.pad(y, (self.padding, 0))))
        return y + (x if self.downsample is None else self.downsample(x))


class ResidualTcn(nn.Module):
    input_shape = (32, 3)

    def __init__(self):
        super().__init__()
        self.block1 = TcnBlock(3, 16, 1)
        self.block2 = TcnBlock(16, 16, 2)
        self.block3 = TcnBlock(16, 16, 4)
        self.head = nn.Linear(16, 6)

    def forward(self, x):
        x = x.transpose(1, 2)  # channels-first around all blocks, as darts' TCN does
        x = self.block3(self.block2(self.block1(x)))
        x = x.transpose(1, 2)
        return self.head(x[:, -1, :]).reshape(-1, 6, 1)


class CovariateRnn(nn.Module):
    inputs = [("Past", (24, 3), None), ("Future", (6, 2), None), ("Series", (), 7)]

    def __init__(self):
        super().__init__()
        self.series = nn.Embedding(8, 3)
        self.series.weight.requires_grad = False
        self.encoder = nn.LSTM(6, 16, batch_first=True)
        self.context = nn.Linear(16, 8)
        self.decoder = nn.Linear(10, 8)
        self.relu = nn.ReLU()
        self.head = nn.Linear(8, 1)

    def forward(self, past, future, series):
        static = self.series(series)                                   # [batch, 3]
        x, _ = self.encoder(torch.cat([past, static.unsqueeze(1).expand(-1, past.shape[1], -1)], 2))
        context = self.context(x[:, -1, :])                            # [batch, 8]
        x = torch.cat([future, context.unsqueeze(1).expand(-1, future.shape[1], -1)], 2)
        return self.head(self.relu(self.decoder(x)))


class MlpResidual(nn.Module):
    """TiDE's residual block body: dense, ReLU, dense, dropout, plus a Linear skip when the widths differ."""

    def __init__(self, in_features, hidden, out_features):
        super().__init__()
        self.dense = nn.Linear(in_features, hidden)
        self.relu = nn.ReLU()
        self.project = nn.Linear(hidden, out_features)
        self.dropout = nn.Dropout(0.1)
        self.downsample = nn.Linear(in_features, out_features) if in_features != out_features else None

    def forward(self, x):
        y = self.dropout(self.project(self.relu(self.dense(x))))
        return y + (x if self.downsample is None else self.downsample(x))


class TideBlock(nn.Module):
    def __init__(self, in_features=16, hidden=32, out_features=16):
        super().__init__()
        self.residual = MlpResidual(in_features, hidden, out_features)
        self.norm = nn.LayerNorm(out_features)

    def forward(self, x):
        return self.norm(self.residual(x))


class TideMlp(nn.Module):
    inputs = [("Past", (16, 2), None), ("Future", (4, 3), None)]

    def __init__(self):
        super().__init__()
        self.projection = TideBlock(3, 8, 2)
        self.futureFlat = nn.Flatten()
        self.pastFlat = nn.Flatten()
        self.encoder = TideBlock(40, 32, 16)
        self.decoder = TideBlock(16, 32, 8)
        self.skip = nn.Linear(32, 8)
        self.head = nn.Linear(8, 4)

    def forward(self, past, future):
        future = self.futureFlat(self.projection(future))              # [batch, 8]
        past = self.pastFlat(past)                                      # [batch, 32]
        x = self.decoder(self.encoder(torch.cat([past, future], 1)))   # [batch, 8]
        return self.head(x + self.skip(past)).reshape(-1, 4, 1)


class PretrainedDecoder(nn.Module):
    input_shape = (8, 2)
    torchinfo = False

    def __init__(self):
        super().__init__()
        self.encoder = nn.GRU(2, 8, batch_first=True)
        self.head = AutoregressiveGruHead(8, 1, 4)
        for p in self.head.parameters():
            p.requires_grad = False

    def forward(self, x):
        x_out, _ = self.encoder(x)
        return self.head(x_out[:, -1, :], x[:, -1, [1]])


class QuantileGru(nn.Module):
    """Three quantile levels per step: the output gains a last dimension of 3."""
    input_shape = (12, 2)

    def __init__(self):
        super().__init__()
        self.encoder = nn.GRU(2, 8, batch_first=True)
        self.head = nn.Linear(8, 12)

    def forward(self, x):
        x, _ = self.encoder(x)
        return self.head(x[:, -1, :]).reshape(-1, 4, 1, 3)


class NormalGru(nn.Module):
    """A Normal's loc and scale per value, the scale through softplus at least float32's eps (GluonTS's link)."""
    input_shape = (12, 2)

    def __init__(self):
        super().__init__()
        self.encoder = nn.GRU(2, 8, 2, batch_first=True)
        self.head = nn.Linear(8, 16)

    def forward(self, x):
        x, _ = self.encoder(x)
        x = self.head(x[:, -1, :]).reshape(-1, 4, 2, 2)
        return torch.stack([x[..., 0], F.softplus(x[..., 1]).clamp_min(torch.finfo(torch.float32).eps)], -1)


class AutoregressiveQuantileForecaster(nn.Module):
    """Quantiles from an autoregressive head: levels 0.1, 0.5 and 0.9 of each value read out, the medians fed back."""
    input_shape = (8, 3)
    torchinfo = False

    def __init__(self):
        super().__init__()
        self.encoder = nn.LSTM(3, 12, batch_first=True)
        self.head = AutoregressiveGruHead(12, 2, 4, levels=3, fed_level=1)

    def forward(self, x):
        out, _ = self.encoder(x)
        return self.head(out[:, -1, :], x[:, -1, [0, 2]]).reshape(-1, 4, 2, 3)


class RemainderMlp(nn.Module):
    """The window minus a learned per-step trend, flattened into a linear read-out."""
    input_shape = (10, 3)

    def __init__(self):
        super().__init__()
        self.trend = nn.Linear(3, 3)
        self.flatten = nn.Flatten()
        self.head = nn.Linear(30, 5)

    def forward(self, x):
        return self.head(self.flatten(x - self.trend(x))).reshape(-1, 5, 1)


class DecomposedLinear(nn.Module):
    """DLinear's decomposition as Autoformer writes its moving average: the ends repeated, AvgPool1d over time."""
    input_shape = (12, 2)

    def __init__(self):
        super().__init__()
        self.trend = nn.AvgPool1d(5, stride=1)
        self.remainder = nn.Flatten()
        self.trendSteps = nn.Flatten()
        self.head = nn.Linear(48, 8)

    def forward(self, x):
        front, end = x[:, :1, :].repeat(1, 2, 1), x[:, -1:, :].repeat(1, 2, 1)
        trend = self.trend(torch.cat([front, x, end], 1).permute(0, 2, 1)).permute(0, 2, 1)
        return self.head(torch.cat([self.remainder(x - trend), self.trendSteps(trend)], 1)).reshape(-1, 4, 2)


class TimeLinearBaseline(nn.Module):
    """The DLinear paper's Linear: nn.Linear over the time axis, each feature alike."""
    input_shape = (12, 2)

    def __init__(self):
        super().__init__()
        self.time = nn.Linear(12, 4, bias=False)

    def forward(self, x):
        return self.time(x.permute(0, 2, 1)).permute(0, 2, 1)


class DLinearMixer(nn.Module):
    """DLinear as its paper writes it (decomposition, a Linear over time for each part, summed), then a Linear on features."""
    input_shape = (12, 2)

    def __init__(self):
        super().__init__()
        self.trend = nn.AvgPool1d(5, stride=1)
        self.seasonal = nn.Linear(12, 4)
        self.trendSteps = nn.Linear(12, 4)
        for p in self.trendSteps.parameters():
            p.requires_grad = False
        self.mix = nn.Linear(2, 2)

    def forward(self, x):
        front, end = x[:, :1, :].repeat(1, 2, 1), x[:, -1:, :].repeat(1, 2, 1)
        trend = self.trend(torch.cat([front, x, end], 1).permute(0, 2, 1)).permute(0, 2, 1)
        seasonal = self.seasonal((x - trend).permute(0, 2, 1)).permute(0, 2, 1)
        return self.mix(seasonal + self.trendSteps(trend.permute(0, 2, 1)).permute(0, 2, 1))


class DLinear(nn.Module):
    """DLinear as darts writes it; the forecast's nn.Identity stands for the declaration's Identity node (no parameters)."""
    input_shape = (12, 2)

    def __init__(self):
        super().__init__()
        self.trend = nn.AvgPool1d(5, stride=1)
        self.seasonal = nn.Linear(12, 4)
        self.trendSteps = nn.Linear(12, 4)
        self.forecast = nn.Identity()

    def forward(self, x):
        front, end = x[:, :1, :].repeat(1, 2, 1), x[:, -1:, :].repeat(1, 2, 1)
        trend = self.trend(torch.cat([front, x, end], 1).permute(0, 2, 1)).permute(0, 2, 1)
        seasonal = self.seasonal((x - trend).permute(0, 2, 1)).permute(0, 2, 1)
        return self.forecast(seasonal + self.trendSteps(trend.permute(0, 2, 1)).permute(0, 2, 1))


class NLinear(nn.Module):
    """NLinear as neuralforecast writes it (the last value out and back in); its nn.Identity modules name the declaration's nodes."""
    input_shape = (12, 2)

    def __init__(self):
        super().__init__()
        self.last = nn.Identity()
        self.steps = nn.Linear(12, 4)
        self.forecast = nn.Identity()

    def forward(self, x):
        last = self.last(x[:, -1, :]).unsqueeze(1)
        return self.forecast(self.steps((x - last).permute(0, 2, 1)).permute(0, 2, 1) + last)


class PositionalEmbedding(nn.Module):
    """x + weight: a learned [steps, features] parameter (PatchTST's W_pos), or Vaswani et al.'s fixed sinusoids."""

    def __init__(self, steps, features, learned=True):
        super().__init__()
        if learned:
            self.weight = nn.Parameter(torch.empty(steps, features).uniform_(-0.02, 0.02))
        else:
            pe = torch.zeros(steps, features, dtype=torch.float64)
            for t in range(steps):
                for f in range(features):
                    angle = t / 10000.0 ** (2 * (f // 2) / features)
                    pe[t, f] = math.sin(angle) if f % 2 == 0 else math.cos(angle)
            self.register_buffer("weight", pe.float(), persistent=False)

    def forward(self, x):
        return x + self.weight


class Patching(nn.Module):
    """PatchTST's patching: the last step repeated `stride` times (padding_patch="end"), then unfold, each patch feature by feature."""

    def __init__(self, length, stride, pad_end=False):
        super().__init__()
        self.length, self.stride, self.pad_end = length, stride, pad_end

    def forward(self, x):
        z = x.permute(0, 2, 1)  # [batch, features, steps], as PatchTST patches
        if self.pad_end:
            z = F.pad(z, (0, self.stride), mode="replicate")
        z = z.unfold(-1, self.length, self.stride)  # [batch, features, patches, length]
        return z.permute(0, 2, 1, 3).flatten(2)


class RevIN(nn.Module):
    """neuralforecast's RevIN: "norm" keeps each window's statistics, "denorm" maps a forecast of `targets` back."""

    def __init__(self, features, affine=False, eps=1e-5, targets=None):
        super().__init__()
        self.eps, self.affine = eps, affine
        self.targets = list(range(features)) if targets is None else targets
        if affine:
            self.affine_weight = nn.Parameter(torch.ones(features))
            self.affine_bias = nn.Parameter(torch.zeros(features))
            # As trained (the fixtures' weights): ones and zeros would leave the affine part untested.
            with torch.no_grad():
                self.affine_weight.uniform_(0.5, 1.5)
                self.affine_bias.uniform_(-0.5, 0.5)

    def forward(self, x, mode):
        if mode == "norm":
            self.mean = torch.mean(x, dim=1, keepdim=True).detach()
            self.stdev = torch.sqrt(torch.var(x, dim=1, keepdim=True, unbiased=False) + self.eps).detach()
            x = (x - self.mean) / self.stdev
            return x * self.affine_weight + self.affine_bias if self.affine else x
        t = self.targets
        if self.affine:
            x = (x - self.affine_bias[t]) / (self.affine_weight[t] + self.eps * self.eps)
        return x * self.stdev[..., t] + self.mean[..., t]


class PatchTst(nn.Module):
    """PatchTST on one series (neuralforecast's backbone with PyTorch's encoder layer): RevIN, patches, embedding, positions."""
    input_shape = (24, 1)
    torchinfo_train = True

    def __init__(self):
        super().__init__()
        self.revin = RevIN(1, affine=True)
        self.patches = Patching(8, 4, pad_end=True)
        self.embed = nn.Linear(8, 16)
        self.position = PositionalEmbedding(6, 16)
        self.encoder1 = nn.TransformerEncoderLayer(16, 4, dim_feedforward=32, dropout=0.2, activation="gelu", batch_first=True)
        self.encoder2 = nn.TransformerEncoderLayer(16, 4, dim_feedforward=32, dropout=0.2, activation="gelu", batch_first=True)
        self.flatten = nn.Flatten()
        self.head = nn.Linear(96, 6)

    def forward(self, x):
        z = self.position(self.embed(self.patches(self.revin(x, "norm"))))
        z = self.head(self.flatten(self.encoder2(self.encoder1(z)))).reshape(-1, 6, 1)
        return self.revin(z, "denorm")


class PatchCovariates(nn.Module):
    """Patches of a target and a covariate, RevIN (frozen affine) mapping feature 0's forecast back, a frozen learned position."""
    input_shape = (16, 2)
    torchinfo_train = True

    def __init__(self):
        super().__init__()
        self.revin = RevIN(2, affine=True, eps=1e-4, targets=[0])
        for p in self.revin.parameters():
            p.requires_grad = False
        self.patches = Patching(4, 4)
        self.embed = nn.Linear(8, 8)
        self.position = PositionalEmbedding(4, 8)
        self.position.weight.requires_grad = False
        self.encoder = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, batch_first=True, norm_first=True)
        self.flatten = nn.Flatten()
        self.head = nn.Linear(32, 4)

    def forward(self, x):
        z = self.position(self.embed(self.patches(self.revin(x, "norm"))))
        z = self.head(self.flatten(self.encoder(z))).reshape(-1, 4, 1)
        return self.revin(z, "denorm")


class AttentionForecaster(nn.Module):
    """PyTorch's own transformer layers, batch-first: a frozen pre-norm GELU layer, then a causal post-norm one."""
    input_shape = (10, 3)
    # In eval mode PyTorch's fused fast path bypasses the layers' submodules and torchinfo shows one row for each;
    # in training mode it shows the submodules, as ModelGen's summary does.
    torchinfo_train = True

    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(3, 16)
        self.position = PositionalEmbedding(10, 16, learned=False)
        self.encoder1 = nn.TransformerEncoderLayer(16, 4, dim_feedforward=32, activation="gelu", batch_first=True, norm_first=True)
        for p in self.encoder1.parameters():
            p.requires_grad = False
        self.encoder2 = nn.TransformerEncoderLayer(16, 2, dim_feedforward=24, dropout=0.2, layer_norm_eps=1e-6, batch_first=True)
        self.flatten = nn.Flatten()
        self.head = nn.Linear(160, 4)

    def forward(self, x):
        x = self.encoder1(self.position(self.embed(x)))
        mask = torch.triu(torch.full((10, 10), float("-inf")), diagonal=1)
        return self.head(self.flatten(self.encoder2(x, src_mask=mask))).reshape(-1, 4, 1)


class DirRecQuantileForecaster(nn.Module):
    """DirRec with quantiles: steps.k reads the state and the k earlier medians, and emits three levels."""
    input_shape = (8, 2)
    torchinfo = False

    def __init__(self):
        super().__init__()
        self.encoder = nn.GRU(2, 6, batch_first=True)
        self.head = DirRecHead(6, 1, 3, levels=3, fed_level=1)

    def forward(self, x):
        out, _ = self.encoder(x)
        return self.head(out[:, -1, :]).reshape(-1, 3, 1, 3)


def normal_link(x):
    """GluonTS's Normal link: loc as it is, scale through softplus at least float32's eps."""
    return torch.stack([x[..., 0], F.softplus(x[..., 1]).clamp_min(torch.finfo(torch.float32).eps)], -1)


class DeepArNormal(nn.Module):
    """DeepAR's deterministic path: an LSTM over values and covariates, then a decoder of Normal parameters fed the mean."""
    input_shape = (16, 3)
    torchinfo = False

    def __init__(self):
        super().__init__()
        self.encoder = nn.LSTM(3, 10, batch_first=True)
        self.head = AutoregressiveGruHead(10, 1, 5, levels=2, fed_level=0, link=normal_link)

    def forward(self, x):
        out, _ = self.encoder(x)
        return self.head(out[:, -1, :], x[:, -1, [0]]).reshape(-1, 5, 1, 2)


class GenericBlock(nn.Module):
    """An N-BEATS block with generic bases, as darts writes it: an MLP, then coefficients and a learned basis for each output."""

    def __init__(self, window=24, horizon=6, width=32, coefficients=8):
        super().__init__()
        self.fc1 = nn.Linear(window, width)
        self.relu1 = nn.ReLU()
        self.fc2 = nn.Linear(width, width)
        self.relu2 = nn.ReLU()
        self.backcastTheta = nn.Linear(width, coefficients)
        self.backcast = nn.Linear(coefficients, window)
        self.forecastTheta = nn.Linear(width, coefficients)
        self.forecast = nn.Linear(coefficients, horizon)

    def forward(self, x):
        h = self.relu2(self.fc2(self.relu1(self.fc1(x))))
        return self.backcast(self.backcastTheta(h)), self.forecast(self.forecastTheta(h))


def doubly_residual(blocks, x):
    """Oreshkin et al.'s (and darts') stacking: each block reads the input minus the backcasts so far; the forecasts add up."""
    forecast = 0
    for block in blocks:
        backcast, block_forecast = block(x)
        x = x - backcast
        forecast = forecast + block_forecast
    return forecast


class NBeats(nn.Module):
    """N-BEATS (generic) on one series: the window flattened, three generic blocks stacked doubly residually."""
    input_shape = (24, 1)

    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.block1 = GenericBlock()
        self.block2 = GenericBlock()
        self.block3 = GenericBlock()

    def forward(self, x):
        return doubly_residual([self.block1, self.block2, self.block3], self.flatten(x)).reshape(-1, 6, 1)


class HitsBlock(nn.Module):
    """An N-HiTS block as darts writes it: max pooling (ceil mode), an MLP, knots for each output, linearly interpolated."""

    def __init__(self, pool, downsample, window=24, horizon=6, width=32):
        super().__init__()
        self.pool = nn.MaxPool1d(pool, stride=pool, ceil_mode=True)
        self.fc1 = nn.Linear(math.ceil(window / pool), width)
        self.relu1 = nn.ReLU()
        self.fc2 = nn.Linear(width, width)
        self.relu2 = nn.ReLU()
        # darts calls F.interpolate; nn.Upsample is the same call as a module, so torchinfo lists it.
        self.backcastKnots = nn.Linear(width, max(window // downsample, 1))
        self.backcast = nn.Upsample(size=window, mode="linear")
        self.forecastKnots = nn.Linear(width, max(horizon // downsample, 1))
        self.forecast = nn.Upsample(size=horizon, mode="linear")

    def forward(self, x):
        h = self.relu2(self.fc2(self.relu1(self.fc1(self.pool(x.unsqueeze(1)).squeeze(1)))))
        backcast = self.backcast(self.backcastKnots(h).unsqueeze(1)).squeeze(1)
        return backcast, self.forecast(self.forecastKnots(h).unsqueeze(1)).squeeze(1)


class NHits(nn.Module):
    """N-HiTS on one series: blocks from coarse (pooled by 5, one forecast knot) to fine (every value), stacked doubly residually."""
    input_shape = (24, 1)

    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.coarse = HitsBlock(5, 6)
        self.middle = HitsBlock(2, 2)
        self.fine = HitsBlock(1, 1)

    def forward(self, x):
        return doubly_residual([self.coarse, self.middle, self.fine], self.flatten(x)).reshape(-1, 6, 1)


class TimeMixing(nn.Module):
    """darts' _TimeMixing with normalize_before=True: x + dropout(relu(fc1 over time of LayerNorm over (steps, features)(x)))."""

    def __init__(self, steps, features):
        super().__init__()
        self.norm = nn.LayerNorm((steps, features))
        self.fc1 = nn.Linear(steps, steps)
        self.act = nn.ReLU()
        self.dropout = nn.Dropout(0.1)

    def forward(self, x):
        h = self.norm(x).permute(0, 2, 1)
        return x + self.dropout(self.act(self.fc1(h))).permute(0, 2, 1)


class FeatureMixing(nn.Module):
    """darts' _FeatureMixing with normalize_before=True; the projection (darts' `projection`) is named downsample and runs last."""

    def __init__(self, steps, features_in, features_out, hidden):
        super().__init__()
        self.norm = nn.LayerNorm((steps, features_in))
        self.fc1 = nn.Linear(features_in, hidden)
        self.act = nn.ReLU()
        self.dropout1 = nn.Dropout(0.1)
        self.fc2 = nn.Linear(hidden, features_out)
        self.dropout2 = nn.Dropout(0.1)
        self.downsample = nn.Linear(features_in, features_out) if features_in != features_out else None

    def forward(self, x):
        h = self.dropout2(self.fc2(self.dropout1(self.act(self.fc1(self.norm(x))))))
        return h + (self.downsample(x) if self.downsample is not None else x)


class TsMixer(nn.Module):
    """darts' TSMixer (normalize_before=True, no covariates): time projection 12 -> 6, feature mixing 2 -> 8, two mixer layers, fc_out."""
    input_shape = (12, 2)

    def __init__(self):
        super().__init__()
        self.fcHist = nn.Linear(12, 6)
        self.featureMixingHist = FeatureMixing(6, 2, 8, 16)
        self.time1 = TimeMixing(6, 8)
        self.features1 = FeatureMixing(6, 8, 8, 16)
        self.time2 = TimeMixing(6, 8)
        self.features2 = FeatureMixing(6, 8, 8, 16)
        self.fcOut = nn.Linear(8, 1)

    def forward(self, x):
        x = self.fcHist(x.permute(0, 2, 1)).permute(0, 2, 1)
        x = self.featureMixingHist(x)
        x = self.features1(self.time1(x))
        x = self.features2(self.time2(x))
        return self.fcOut(x)


def example_inputs(cls, batch):
    """The model's inputs for a batch: one tensor, or one per named input (int64 category ids for a categorical), in order."""
    if not hasattr(cls, "inputs"):
        return [torch.randn(batch, *cls.input_shape)]
    return [torch.randint(0, categories, (batch,)) if categories else torch.randn(batch, *shape) for _, shape, categories in cls.inputs]


def describe_inputs(cls, tensors):
    """The inputs as the fixture records them."""
    if not hasattr(cls, "inputs"):
        return {"input_shape": list(tensors[0].shape), "input": [float(v) for v in tensors[0].flatten()]}
    return {"inputs": [{"name": name, "shape": list(t.shape), "dtype": "int64" if categories else "float32",
                        "values": [int(v) for v in t.flatten()] if categories else [float(v) for v in t.flatten()]}
                       for (name, _, categories), t in zip(cls.inputs, tensors)]}


class FutureCovariateGru(nn.Module):
    """darts' RNNModel as an encoder and a decoder: each decoding step is fed the previous prediction and its future covariates."""
    inputs = [("Past", (24, 3), None), ("Future", (6, 2), None), ("Series", (), 5)]
    torchinfo = False

    def __init__(self):
        super().__init__()
        self.series = nn.Embedding(5, 2)
        self.encoder = nn.GRU(5, 16, batch_first=True)
        self.decoder = AutoregressiveGruHead(16, 1, 6, covariate_features=2)

    def forward(self, past, future, series):
        static = self.series(series)                                   # [batch, 2]
        out, _ = self.encoder(torch.cat([past, static.unsqueeze(1).expand(-1, past.shape[1], -1)], 2))
        return self.decoder(out[:, -1, :], past[:, -1, [0]], future)


class PatchBackbone(nn.Module):
    """PatchTST's backbone for one series: patches, embedding, a learned position, an encoder layer, a flatten head."""

    def __init__(self):
        super().__init__()
        self.patches = Patching(8, 4, pad_end=True)
        self.embed = nn.Linear(8, 16)
        self.position = PositionalEmbedding(6, 16)
        self.encoder = nn.TransformerEncoderLayer(16, 4, dim_feedforward=32, dropout=0.2, activation="gelu", batch_first=True)
        self.flatten = nn.Flatten()
        self.head = nn.Linear(96, 6)

    def forward(self, x):
        return self.head(self.flatten(self.encoder(self.position(self.embed(self.patches(x))))))


class PatchTstIndependent(nn.Module):
    """PatchTST with channel independence (Nie et al.): RevIN per feature, each feature through one backbone as its own series."""
    input_shape = (24, 4)
    torchinfo_train = True

    def __init__(self):
        super().__init__()
        self.revin = RevIN(4, affine=True)
        self.backbone = PatchBackbone()

    def forward(self, x):
        z = self.revin(x, "norm")                                          # [batch, 24, 4]
        z = self.backbone(z.transpose(1, 2).reshape(-1, 24, 1))            # [batch · 4, 6]: each feature a series
        return self.revin(z.reshape(-1, 4, 6).transpose(1, 2), "denorm")   # [batch, 6, 4]


class SelfAttentionForecaster(nn.Module):
    """nn.MultiheadAttention on its own, called as attn(x, x, x, need_weights=False)[0]: causal, then frozen over every step."""
    input_shape = (12, 2)

    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(2, 16)
        self.causal = nn.MultiheadAttention(16, 4, dropout=0.1, batch_first=True)
        self.attention = nn.MultiheadAttention(16, 2, batch_first=True)
        for p in self.attention.parameters():
            p.requires_grad = False
        # As trained: PyTorch initialises the projections' biases to zero, which would leave them untested.
        with torch.no_grad():
            for m in (self.causal, self.attention):
                m.in_proj_bias.uniform_(-0.3, 0.3)
                m.out_proj.bias.uniform_(-0.3, 0.3)
        self.head = nn.Linear(16, 3)

    def forward(self, x):
        x = self.embed(x)
        mask = torch.triu(torch.full((12, 12), float("-inf")), diagonal=1)
        x = self.causal(x, x, x, need_weights=False, attn_mask=mask)[0]
        x = self.attention(x, x, x, need_weights=False)[0]
        return self.head(x[:, -1, :]).reshape(-1, 3, 1)


class TrendBasis(nn.Module):
    """darts' _TrendGenerator: row i of the fixed basis is (t / length) ** i."""

    def __init__(self, degree, length):
        super().__init__()
        # darts keeps the transposed view; saved contiguous, as TorchSharp.PyBridge reads only contiguous tensors.
        basis = torch.stack([(torch.arange(length) / length) ** i for i in range(degree + 1)], dim=1).T.contiguous()
        self.basis = nn.Parameter(basis, requires_grad=False)

    def forward(self, x):
        return torch.matmul(x, self.basis)


class SeasonalityBasis(nn.Module):
    """darts' _SeasonalityGenerator: a constant, then cosines and sines of frequencies 1 ... int(length / 2 - 1)."""

    def __init__(self, length):
        super().__init__()
        half = int(length / 2 - 1)
        cos = [torch.cos(torch.arange(length) / length * 2 * math.pi * i) for i in range(1, half + 1)]
        sin = [torch.sin(torch.arange(length) / length * 2 * math.pi * i) for i in range(1, half + 1)]
        self.basis = nn.Parameter(torch.stack([torch.ones(length)] + cos + sin, dim=1).T.contiguous(), requires_grad=False)

    def forward(self, x):
        return torch.matmul(x, self.basis)


class InterpretableBlock(nn.Module):
    """darts' N-BEATS block with a trend or seasonality basis: an MLP, then coefficients and the fixed basis for each output."""

    def __init__(self, backcast_coefficients, forecast_coefficients, backcast, forecast, window=24, width=32):
        super().__init__()
        self.fc1 = nn.Linear(window, width)
        self.relu1 = nn.ReLU()
        self.fc2 = nn.Linear(width, width)
        self.relu2 = nn.ReLU()
        self.backcastTheta = nn.Linear(width, backcast_coefficients)
        self.backcast = backcast
        self.forecastTheta = nn.Linear(width, forecast_coefficients)
        self.forecast = forecast

    def forward(self, x):
        h = self.relu2(self.fc2(self.relu1(self.fc1(x))))
        return self.backcast(self.backcastTheta(h)), self.forecast(self.forecastTheta(h))


class TrendBlock(InterpretableBlock):
    """A trend block: polynomials of degree 2 over the window and the horizon."""

    def __init__(self):
        super().__init__(3, 3, TrendBasis(2, 24), TrendBasis(2, 6))


class SeasonalityBlock(InterpretableBlock):
    """A seasonality block: Fourier bases of 23 coefficients over the window, 5 over the horizon."""

    def __init__(self):
        super().__init__(23, 5, SeasonalityBasis(24), SeasonalityBasis(6))


class NBeatsInterpretable(nn.Module):
    """N-BEATS interpretable on one series: a trend block (degree 2), then a seasonality block, stacked doubly residually."""
    input_shape = (24, 1)

    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.trend = TrendBlock()
        self.seasonality = SeasonalityBlock()

    def forward(self, x):
        return doubly_residual([self.trend, self.seasonality], self.flatten(x)).reshape(-1, 6, 1)


class TimeMixingPost(nn.Module):
    """darts' _TimeMixing with normalize_before=False: LayerNorm over (steps, features) of x + dropout(relu(fc1 over time(x)))."""

    def __init__(self, steps=6, features=8):
        super().__init__()
        self.fc1 = nn.Linear(steps, steps)
        self.act = nn.ReLU()
        self.dropout = nn.Dropout(0.1)
        self.norm = nn.LayerNorm((steps, features))

    def forward(self, x):
        h = self.dropout(self.act(self.fc1(x.permute(0, 2, 1)))).permute(0, 2, 1)
        return self.norm(x + h)


class FeatureMixingPost(nn.Module):
    """darts' _FeatureMixing with normalize_before=False (darts' nn.Identity placeholders left out): the projection first."""

    def __init__(self, steps=6, features_in=8, features_out=8, hidden=16):
        super().__init__()
        if features_in != features_out:
            self.projection = nn.Linear(features_in, features_out)
        self.fc1 = nn.Linear(features_in, hidden)
        self.act = nn.ReLU()
        self.dropout1 = nn.Dropout(0.1)
        self.fc2 = nn.Linear(hidden, features_out)
        self.dropout2 = nn.Dropout(0.1)
        self.norm = nn.LayerNorm((steps, features_out))

    def forward(self, x):
        shortcut = self.projection(x) if hasattr(self, "projection") else x
        return self.norm(shortcut + self.dropout2(self.fc2(self.dropout1(self.act(self.fc1(x))))))


class FeatureProjectionPost(FeatureMixingPost):
    """The feature mixing that widens 2 features to 8."""

    def __init__(self):
        super().__init__(6, 2, 8, 16)


class TsMixerPostNorm(nn.Module):
    """darts' TSMixer with its default post-norm, no covariates: time projection 12 -> 6, features 2 -> 8, two mixer layers."""
    input_shape = (12, 2)

    def __init__(self):
        super().__init__()
        self.fcHist = nn.Linear(12, 6)
        self.featureMixingHist = FeatureProjectionPost()
        self.time1 = TimeMixingPost()
        self.features1 = FeatureMixingPost()
        self.time2 = TimeMixingPost()
        self.features2 = FeatureMixingPost()
        self.fcOut = nn.Linear(8, 1)

    def forward(self, x):
        x = self.fcHist(x.permute(0, 2, 1)).permute(0, 2, 1)
        x = self.featureMixingHist(x)
        x = self.features1(self.time1(x))
        x = self.features2(self.time2(x))
        return self.fcOut(x)


CATALOGUE = [StackedLstm, BidirectionalGru, ReluRnn, ConvFrontEnd, SequenceToSequence, FlattenMlp, FrozenEncoder,
             AutoregressiveForecaster, DirRecForecaster, CausalTcn, PretrainedFrontEnd, ResidualTcn, CovariateRnn, TideMlp,
             PretrainedDecoder, QuantileGru, NormalGru, AutoregressiveQuantileForecaster, DeepArNormal, RemainderMlp,
             DecomposedLinear, TimeLinearBaseline, DLinearMixer, DirRecQuantileForecaster, DLinear, NLinear,
             AttentionForecaster, PatchTst, PatchCovariates, NBeats, NHits, TsMixer, FutureCovariateGru,
             PatchTstIndependent, SelfAttentionForecaster, NBeatsInterpretable,
             TsMixerPostNorm]


def make_catalogue(names=None):
    """Writes the fixtures of the catalogue models named (all of them when none are), each with its own seed."""
    from torchinfo import summary

    folder = os.path.join(HERE, "Catalogue")
    for index, cls in enumerate(CATALOGUE):
        if names and cls.__name__ not in names:
            continue
        torch.manual_seed(1000 + index)
        model = cls().eval()
        x = example_inputs(cls, 6)
        with torch.no_grad():
            y = model(*x)
        name = cls.__name__
        torch.save(model.state_dict(), os.path.join(folder, name + ".pt"))
        data = {
            "torch_version": torch.__version__,
            **describe_inputs(cls, x),
            "output_shape": list(y.shape),
            "output": [float(v) for v in y.flatten()],
            "state_dict": [{"key": k, "shape": list(v.shape)} for k, v in model.state_dict().items()],
            "parameters": [{"name": n, "numel": p.numel(), "requires_grad": p.requires_grad} for n, p in model.named_parameters()],
        }
        with open(os.path.join(folder, name + ".json"), "w") as f:
            json.dump(data, f, indent=1)
        if not getattr(cls, "torchinfo", True):
            continue
        if getattr(cls, "torchinfo_train", False):
            model.train()
        table = summary(model, input_data=example_inputs(cls, 32),
                        col_names=("input_size", "output_size", "num_params", "mult_adds"),
                        row_settings=("depth",), verbose=0)
        with open(os.path.join(folder, name + ".torchinfo.txt"), "w") as f:
            f.write(str(table) + "\n")


def twin_modules(model):
    """Each top-level child's repr() (its options: dropout, bias, eps, ...) and each parameter's requires_grad, in order."""
    return {
        "children": [{"name": n, "repr": repr(m)} for n, m in model.named_children()],
        "parameters": [{"name": n, "requires_grad": p.requires_grad} for n, p in model.named_parameters()],
    }


def make_twin_modules():
    """twin_modules.json: twin_modules() of the hand-written twins, the seed model and the catalogue."""
    models = {cls.__name__: twin_modules(cls()) for cls in [MyModel] + CATALOGUE}
    with open(os.path.join(HERE, "twin_modules.json"), "w") as f:
        json.dump({"torch_version": torch.__version__, "models": models}, f, indent=1)
        f.write("\n")


def make_legacy_pickle():
    """legacy_torch_save.pt: Linear(3, 1)'s state_dict in the pickle format of torch.save before PyTorch 1.6."""
    torch.manual_seed(0)
    torch.save(nn.Linear(3, 1).state_dict(), os.path.join(HERE, "legacy_torch_save.pt"), _use_new_zipfile_serialization=False)


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
    for input_size, hidden, layers, bias, bidirectional in [(3, 16, 2, True, False), (4, 8, 3, False, True), (1, 1, 1, True, False)]:
        lstm = nn.LSTM(input_size, hidden, layers, bias=bias, batch_first=True, bidirectional=bidirectional)
        counts.append({"layer": "LSTM", "input_size": input_size, "hidden_size": hidden, "num_layers": layers,
                       "bias": bias, "bidirectional": bidirectional, "parameters": count(lstm),
                       "names": [n for n, _ in lstm.named_parameters()]})
    for input_size, hidden, layers, bias, bidirectional in [(2, 12, 1, False, False), (3, 5, 2, True, True)]:
        rnn = nn.RNN(input_size, hidden, layers, bias=bias, batch_first=True, bidirectional=bidirectional)
        counts.append({"layer": "RNN", "input_size": input_size, "hidden_size": hidden, "num_layers": layers,
                       "bias": bias, "bidirectional": bidirectional, "parameters": count(rnn),
                       "names": [n for n, _ in rnn.named_parameters()]})
    for cin, cout, kernel, groups, bias in [(3, 8, 3, 1, True), (8, 8, 3, 2, True), (6, 9, 5, 3, False)]:
        conv = nn.Conv1d(cin, cout, kernel, groups=groups, bias=bias)
        counts.append({"layer": "Conv1d", "in_channels": cin, "out_channels": cout, "kernel_size": kernel,
                       "groups": groups, "bias": bias, "parameters": count(conv), "names": [n for n, _ in conv.named_parameters()]})
    for features, affine in [(16, True), (7, False)]:
        norm = nn.LayerNorm(features, elementwise_affine=affine)
        counts.append({"layer": "LayerNorm", "normalized_shape": features, "elementwise_affine": affine,
                       "parameters": count(norm), "names": [n for n, _ in norm.named_parameters()]})
    for fan_in, fan_out, bias in [(32, 5, True), (32, 5, False), (1, 1, True), (512, 1000, True)]:
        linear = nn.Linear(fan_in, fan_out, bias=bias)
        counts.append({"layer": "Linear", "in_features": fan_in, "out_features": fan_out, "bias": bias,
                       "parameters": count(linear), "names": [n for n, _ in linear.named_parameters()]})
    with open(os.path.join(HERE, "parameter_counts.json"), "w") as f:
        json.dump({"torch_version": torch.__version__, "layers": counts}, f, indent=1)


if __name__ == "__main__":
    # With model names (python3 make_fixtures.py CausalTcn ...), only those catalogue models' fixtures are
    # made, so adding a model leaves every other committed fixture as it is.
    if sys.argv[1:] == ["--legacy-pickle"]:
        make_legacy_pickle()
    elif len(sys.argv) > 1:
        make_catalogue(sys.argv[1:])
        make_twin_modules()
    else:
        main()
        make_catalogue()
        make_twin_modules()
