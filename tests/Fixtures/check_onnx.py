#!/usr/bin/python3
"""Runs the ONNX checker on ModelGen's exports and records what it accepted.

Run with Debian's onnx (apt-get install python3-onnx):
    /usr/bin/python3 tests/Fixtures/check_onnx.py tests/ModelGen.Tests/bin/Debug/net10.0/onnx-exports

The folder holds the files OnnxExportTests.Every_export_is_a_file_the_ONNX_checker_accepted writes
(every model exported with fixed weights). Each must pass onnx.checker.check_model(full_check=True),
which also runs ONNX's shape inference; the script stops at the first that does not. It writes
Onnx/checked.json beside itself: each file's SHA-256, which the test compares with the bytes it
exports, so the tests never need Python.
"""
import hashlib
import json
import os
import sys

import onnx

HERE = os.path.dirname(os.path.abspath(__file__))


def main(folder):
    files = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".onnx"):
            continue
        path = os.path.join(folder, name)
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        files[name[: -len(".onnx")]] = {
            "sha256": digest,
            "full_check": "passed",
            "opset": model.opset_import[0].version,
            "ir_version": model.ir_version,
            "nodes": len(model.graph.node),
        }
        print(f"{name}: passed ({len(model.graph.node)} nodes)")
    record = {"onnx_version": onnx.__version__, "files": files}
    with open(os.path.join(HERE, "Onnx", "checked.json"), "w") as f:
        json.dump(record, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
