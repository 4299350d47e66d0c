#!/bin/bash
# Builds (once) the data directory with N generated complaints that the
# read, search and footprint benchmarks use, and prints the import rate.
#   bench/dataset.sh [N]     (default 1000000)
source "$(dirname "$0")/common.sh"
build_once
n=${1:-1000000}
dir=$(dataset "$n")
echo "dataset: $dir ($n complaints, $(du -sh "$dir" | cut -f1)), $CORES cores"
