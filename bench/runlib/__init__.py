# SPDX-License-Identifier: GPL-2.0-only
"""bench/run's benchmarks, one module each (see bench/run --help)."""
