#!/usr/bin/env bash
# setup.sh - Gradescope runs this once, as root, when it builds the
# autograder's image (Ubuntu): it installs what memlab's grader needs, makes
# the unprivileged users submissions run as, and builds the grader.  Made by
# `make gradescope LAB=NN-name` (gradescope/make-zip) with run_autograder.
# The autograder's root is $MEMLAB_AUTOGRADER_ROOT (default /autograder), so
# the tests can run it in a temporary folder laid out like Gradescope's.
set -euo pipefail
root=${MEMLAB_AUTOGRADER_ROOT:-/autograder}
cd "$root/source/memlab"
# make itself first: `make deps` installs the rest (apt-get, as root)
if ! command -v make >/dev/null || ! command -v gcc >/dev/null; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq --no-install-recommends make gcc >/dev/null
fi
make -s deps
make -s -C grader grade
echo "memlab autograder ready: $(sed -n 's/^LAB=//p' "$root/source/memlab-lab.env")"
