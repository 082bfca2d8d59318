#!/usr/bin/python3
"""Makes distributions.json: PyTorch's link functions and log-likelihoods, which Distributions.Link and
Losses.NegativeLogLikelihood are tested against (within 1e-6).

Run with Debian's PyTorch (apt-get install python3-torch):  /usr/bin/python3 tests/Fixtures/make_distribution_fixtures.py
The output is committed; the tests never need Python.

For each distribution: unconstrained values `raw` [4, 3, P], their parameters after the link (GluonTS's: softplus
for a positive parameter, at least float32's eps; 2 + softplus for Student's degrees of freedom), targets [4, 3] and
-log_prob of each target under torch.distributions, computed in float64, and its mean.
"""
import json
import os

import torch
import torch.nn.functional as F
from torch import distributions as D

HERE = os.path.dirname(os.path.abspath(__file__))
EPS = torch.finfo(torch.float32).eps


def positive(x):
    return F.softplus(x).clamp_min(EPS)


def case(name, parameters, raw, target, make):
    # The reference log-likelihood in float64 (the parameters as float32 holds them): the formula without float32's
    # rounding, which a dispersion near its floor would otherwise show in the negative binomial's Gamma functions.
    nll = -make(*[p.double() for p in parameters.unbind(-1)]).log_prob(target.double())
    return {
        "distribution": name,
        "raw": raw.tolist(),
        "parameters": parameters.tolist(),
        "target": target.tolist(),
        "nll": nll.tolist(),
        "mean_nll": nll.mean().item(),
    }


def main():
    torch.manual_seed(16)
    cases = []
    # Moderate values, and softplus's linear (x > 20) and vanishing (eps floor) ends.
    raw = torch.randn(4, 3, 2) * 1.5
    raw[0, 0, 1], raw[0, 1, 1], raw[0, 2, 1] = 25.0, -25.0, -120.0
    target = torch.randn(4, 3) * 2
    loc, scale = raw[..., 0], positive(raw[..., 1])
    parameters = torch.stack([loc, scale], -1)
    # Targets near the tiny scales' locations, so their log-likelihoods stay finite in float32.
    target[0, 1], target[0, 2] = loc[0, 1].item(), loc[0, 2].item()
    cases.append(case("Normal", parameters, raw, target, lambda loc, scale: D.Normal(loc, scale)))

    raw = torch.randn(4, 3, 3) * 1.5
    target = torch.randn(4, 3) * 3
    loc, scale, df = raw[..., 0], positive(raw[..., 1]), 2 + F.softplus(raw[..., 2])
    parameters = torch.stack([loc, scale, df], -1)
    cases.append(case("StudentT", parameters, raw, target, lambda loc, scale, df: D.StudentT(df, loc, scale)))

    raw = torch.randn(4, 3, 2) * 2
    raw[..., 0] += 2
    target = torch.poisson(torch.full((4, 3), 6.0))
    target[0, 0] = 0.0
    mean, dispersion = positive(raw[..., 0]), positive(raw[..., 1])
    parameters = torch.stack([mean, dispersion], -1)
    cases.append(case("NegativeBinomial", parameters, raw, target,
                      lambda mean, dispersion: D.NegativeBinomial(total_count=1 / dispersion, logits=torch.log(dispersion * mean))))

    with open(os.path.join(HERE, "distributions.json"), "w") as f:
        json.dump({"torch": torch.__version__, "eps": EPS, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
