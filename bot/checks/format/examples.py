"""The lists the format rules' documented examples are added to: a learned convention
needs entries to learn from."""

from __future__ import annotations

BULLETS = """# Awesome Things

## Tools

- [Alpha](https://github.com/acme/alpha) - Builds things.
- [Beta](https://github.com/acme/beta) - Tests things.
- [Gamma](https://github.com/acme/gamma) - Ships things.
- [Delta](https://github.com/acme/delta) - Watches things.
- [Epsilon](https://github.com/acme/epsilon) - Logs things.
"""


def star_row(title: str, repo: str, venue: str) -> str:
    badge = f"[![Star](https://img.shields.io/github/stars/{repo}.svg)](https://github.com/{repo})"
    return f"| {title} | {badge} | {venue} |\n"


TABLE = (
    "# Awesome Systems\n\n## Serving\n\n"
    "| Title | Github | Pub. & Date |\n|:-----:|:-----:|:-----:|\n"
    + star_row("Alpha", "acme/alpha", "OSDI'24")
    + star_row("Beta", "acme/beta", "SOSP'23")
    + star_row("Gamma", "acme/gamma", "NSDI'24")
    + star_row("Delta", "acme/delta", "ATC'23")
    + star_row("Epsilon", "acme/epsilon", "OSDI'23")
)

SEED = """# Awesome AI System

## Training

- code [Alpa: Automating Parallelism OSDI'22](https://github.com/alpa-projects/alpa)

  paper [Alpa: Automating Parallelism OSDI'22](https://arxiv.org/abs/2201.12023)

- code [Piper: Multidimensional Planner NeurIPS'21](https://github.com/msr/piper)

  paper [Piper: Multidimensional Planner NeurIPS'21](https://arxiv.org/abs/2111.00001)

- code [DAPPLE: Pipelined Data Parallel PPOPP'21](https://github.com/msr/dapple)

  paper [DAPPLE: Pipelined Data Parallel PPOPP'21](https://arxiv.org/abs/2007.01045)

- code [TeraPipe: Token-Level Pipeline ICML'21](https://github.com/msr/terapipe)

  paper [TeraPipe: Token-Level Pipeline ICML'21](https://arxiv.org/abs/2102.07988)

- code [PipeDream: Pipeline Parallelism SOSP'19](https://github.com/msr/pipedream)

  paper [PipeDream: Pipeline Parallelism SOSP'19](https://arxiv.org/abs/1806.03377)
"""
