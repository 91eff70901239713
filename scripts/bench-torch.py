#!/usr/bin/env python3
"""PyTorch CPU reference timing for the Keras-style ResNet50 used by normprop.

What it measures: the wall time of one Adam training step (forward, loss,
backward, optimizer.step) and of one inference forward pass, for a batch of 3
raw 0..255 images of 1x197x197, on a fixed number of CPU threads.

Why: `npm run bench` runs this script as a subprocess and divides its own
normprop (TF.js wasm) timings by these, giving a side-by-side ratio
normprop-wasm / PyTorch on the same machine and thread count.

The default layout reproduces keras.applications ResNet50 (v1): bias on every
conv, stride on the first 1x1 conv of a stage, BN eps 1.001e-5 and Keras
momentum 0.99. `--layout torchvision` moves the stride to the 3x3 conv and drops
conv biases, for comparison only.

Output: one JSON object on stdout; progress goes to stderr.
Run with Debian's interpreter (python3-torch): /usr/bin/python3 scripts/bench-torch.py
"""
import argparse
import json
import statistics
import sys
import time

# Keras: 23,587,587 total params minus 53,120 BN moving mean/variance (buffers in PyTorch).
KERAS_TRAINABLE_PARAMS = 23_534_467


def bn(channels, nn):
    return nn.BatchNorm2d(channels, eps=1.001e-5, momentum=0.01)


def build_resnet50(nn, channels, classes, layout):
    bias = layout == "keras"

    class Bottleneck(nn.Module):
        def __init__(self, cin, f, stride, first):
            super().__init__()
            s1, s3 = (stride, 1) if layout == "keras" else (1, stride)
            self.main = nn.Sequential(
                nn.Conv2d(cin, f, 1, stride=s1, bias=bias), bn(f, nn), nn.ReLU(),
                nn.Conv2d(f, f, 3, stride=s3, padding=1, bias=bias), bn(f, nn), nn.ReLU(),
                nn.Conv2d(f, 4 * f, 1, bias=bias), bn(4 * f, nn),
            )
            self.shortcut = (
                nn.Sequential(nn.Conv2d(cin, 4 * f, 1, stride=stride, bias=bias), bn(4 * f, nn))
                if first else nn.Identity()
            )
            self.relu = nn.ReLU()

        def forward(self, x):
            return self.relu(self.main(x) + self.shortcut(x))

    layers = [
        nn.ZeroPad2d(3), nn.Conv2d(channels, 64, 7, stride=2, bias=bias), bn(64, nn), nn.ReLU(),
        nn.ZeroPad2d(1), nn.MaxPool2d(3, stride=2),
    ]
    cin = 64
    for stage, (blocks, f) in enumerate(zip([3, 4, 6, 3], [64, 128, 256, 512])):
        for b in range(blocks):
            stride = (1 if stage == 0 else 2) if b == 0 else 1
            layers.append(Bottleneck(cin, f, stride, first=(b == 0)))
            cin = 4 * f
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, classes)]
    return nn.Sequential(*layers)


def positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def non_negative_int(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {value}")
    return value


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", type=positive_int, default=197, help="input height/width (default 197)")
    p.add_argument("--channels", type=positive_int, default=1, help="input channels (default 1)")
    p.add_argument("--classes", type=positive_int, default=3, help="output classes = batch size (default 3)")
    p.add_argument("--threads", type=positive_int, default=2, help="torch.set_num_threads (default 2)")
    p.add_argument("--seed", type=int, default=0, help="torch.manual_seed (default 0)")
    p.add_argument("--warmup", type=non_negative_int, default=2, help="untimed training steps (default 2)")
    p.add_argument("--steps", type=positive_int, default=5, help="timed training steps (default 5)")
    p.add_argument("--predict-runs", type=positive_int, default=5, help="timed inference passes (default 5)")
    p.add_argument("--layout", choices=["keras", "torchvision"], default="keras",
                   help="keras: stride on 1x1, conv bias (default); torchvision: stride on 3x3, no bias")
    return p.parse_args(argv)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def main(argv):
    args = parse_args(argv)
    try:
        import torch
        from torch import nn
    except ImportError as e:
        sys.exit(f"bench-torch: cannot import torch ({e}); use /usr/bin/python3 with python3-torch")

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    model = build_resnet50(nn, args.channels, args.classes, args.layout)
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    log(f"torch {torch.__version__}, {args.threads} threads, layout {args.layout}, {params:,} trainable params")
    if args.layout == "keras" and (args.channels, args.classes) == (1, 3):
        if params != KERAS_TRAINABLE_PARAMS:
            sys.exit(f"bench-torch: param count {params:,} != Keras {KERAS_TRAINABLE_PARAMS:,}")

    x = torch.rand(args.classes, args.channels, args.size, args.size) * 255.0
    y = torch.arange(args.classes)
    loss_fn = nn.CrossEntropyLoss()  # softmax + categorical crossentropy, as in Keras
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def train_step():
        model.train()
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for i in range(args.warmup):
        log(f"warmup {i + 1}/{args.warmup}: loss {train_step():.4f}")
    step_ms = []
    for i in range(args.steps):
        t0 = time.perf_counter()
        loss = train_step()
        step_ms.append((time.perf_counter() - t0) * 1000.0)
        log(f"step {i + 1}/{args.steps}: {step_ms[-1]:.1f} ms, loss {loss:.4f}")

    model.eval()
    predict_ms = []
    with torch.no_grad():
        model(x)  # warm-up
        for _ in range(args.predict_runs):
            t0 = time.perf_counter()
            model(x)
            predict_ms.append((time.perf_counter() - t0) * 1000.0)
    log(f"predict: {predict_ms}")

    print(json.dumps({
        "torch": torch.__version__,
        "threads": args.threads,
        "params": params,
        "stepMs": {
            "median": statistics.median(step_ms),
            "min": min(step_ms),
            "max": max(step_ms),
            "all": step_ms,
        },
        "predictMs": statistics.median(predict_ms),
        "size": args.size,
    }))


if __name__ == "__main__":
    main(sys.argv[1:])
