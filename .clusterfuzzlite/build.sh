#!/bin/bash -eu
# SPDX-License-Identifier: GPL-2.0-only
# ClusterFuzzLite uses the same build as OSS-Fuzz.
exec "$SRC/tlbfuzz/scripts/oss-fuzz/build.sh"
