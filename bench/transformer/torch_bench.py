#!/usr/bin/env python3
"""PyTorch twin of `metarl bench transformer`: the same GPT (float-vector tokens -> Linear embedding + learned
positions, pre-LayerNorm blocks with separate q/k/v/out projections, causal softmax attention, exact-GELU MLP,
final LayerNorm, Linear head), the same loss (cross-entropy over every position) and AdamW, timed the same way on
one thread. Prints one JSON object: train_step_ms_1thread (median wall clock), train_step_ms_1thread_cputime (median
of this thread's CPU time, which leaves out time spent descheduled on a shared machine), the samples, and with
--profile the autograd profiler's self time per op.

Attention is written as in nanoGPT's non-flash path (torch 1.13 has no scaled_dot_product_attention): the full
T x T score matrix, masked_fill with -inf above the diagonal, softmax, then @ v.
"""
import argparse, json, math, os, statistics, sys, time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Attention(nn.Module):
    def __init__(self, d, heads, context):
        super().__init__()
        self.heads = heads
        self.q_proj, self.k_proj, self.v_proj, self.out_proj = (nn.Linear(d, d) for _ in range(4))
        self.register_buffer("mask", torch.tril(torch.ones(context, context, dtype=torch.bool)))

    def forward(self, x):
        b, t, d = x.shape
        h = self.heads

        def split(y):
            return y.view(b, t, h, d // h).transpose(1, 2)

        q, k, v = split(self.q_proj(x)), split(self.k_proj(x)), split(self.v_proj(x))
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(d // h))
        att = att.masked_fill(~self.mask[:t, :t], float("-inf"))
        att = F.softmax(att, dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(b, t, d)
        return self.out_proj(y)


class Block(nn.Module):
    def __init__(self, d, heads, dff, context):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = Attention(d, heads, context)
        self.mlp = nn.Sequential(nn.Linear(d, dff), nn.GELU(), nn.Linear(dff, d))

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class Gpt(nn.Module):
    def __init__(self, token_dim, out_dim, layers, heads, d, dff, context):
        super().__init__()
        self.wte = nn.Linear(token_dim, d)
        self.wpe = nn.Parameter(torch.randn(context, d) * 0.02)
        self.h = nn.ModuleList(Block(d, heads, dff, context) for _ in range(layers))
        self.ln_f = nn.LayerNorm(d)
        self.head = nn.Linear(d, out_dim)

    def forward(self, tokens):
        x = self.wte(tokens) + self.wpe[: tokens.shape[1]]
        for block in self.h:
            x = block(x)
        return self.head(self.ln_f(x))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--d-model", type=int, default=128)
    ap.add_argument("--d-ff", type=int, default=512)
    ap.add_argument("--context", type=int, default=256)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--token-dim", type=int, default=16)
    ap.add_argument("--outputs", type=int, default=8)
    ap.add_argument("--samples", type=int, default=9)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="also run the autograd profiler over a few steps")
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = Gpt(a.token_dim, a.outputs, a.layers, a.heads, a.d_model, a.d_ff, a.context)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)
    tokens = torch.randn(a.batch, a.context, a.token_dim)
    targets = torch.randint(0, a.outputs, (a.batch * a.context,))

    def step():
        opt.zero_grad(set_to_none=True)
        logits = model(tokens)
        loss = F.cross_entropy(logits.view(-1, a.outputs), targets)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(a.warmup):
        step()
    times, cpu = [], []
    for _ in range(a.samples):
        c0, t0 = time.thread_time(), time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.thread_time() - c0) * 1e3)
    result = {
        "train_step_ms_1thread": round(statistics.median(times), 2),
        "train_step_ms_1thread_cputime": round(statistics.median(cpu), 2),
        "samples_ms": [round(t, 2) for t in times],
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "parameters": sum(p.numel() for p in model.parameters()),
        "blas": os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3"),
    }
    if a.profile:
        with torch.autograd.profiler.profile() as prof:
            for _ in range(3):
                step()
        rows = sorted(prof.key_averages(), key=lambda e: -e.self_cpu_time_total)[:15]
        result["profile_self_ms_per_step"] = {e.key: round(e.self_cpu_time_total / 3e3, 2) for e in rows}
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
