#!/usr/bin/env bash
# update_grammar.sh: regenerates the library reference in grammar.md (the text between
# `<!-- library:begin -->` and `<!-- library:end -->`) from the registry of built-ins,
# via the hidden `anis --library-reference`. DocumentationTests fails until this is run
# after a built-in's signature, doc or example changes.
# Usage: scripts/update_grammar.sh [path/to/anis]
#   Without an argument it builds anis (debug) in $ANIS_SCRATCH (default .build) first.
set -euo pipefail
cd "$(dirname "$0")/.."

ANIS=${1:-}
if [ -z "$ANIS" ]; then
    SCRATCH=${ANIS_SCRATCH:-.build}
    swift build --scratch-path "$SCRATCH" --product anis >&2
    ANIS=$SCRATCH/debug/anis
fi
[ -x "$ANIS" ] || { echo "update_grammar.sh: no anis binary at $ANIS" >&2; exit 2; }

GRAMMAR=grammar.md
BEGIN='<!-- library:begin -->'
END='<!-- library:end -->'
for marker in "$BEGIN" "$END"; do
    [ "$(grep -cxF -- "$marker" "$GRAMMAR")" = 1 ] || {
        echo "update_grammar.sh: $GRAMMAR must contain the line '$marker' exactly once" >&2; exit 2; }
done

REFERENCE=$(mktemp)
OUTPUT=$(mktemp)
trap 'rm -f "$REFERENCE" "$OUTPUT"' EXIT
"$ANIS" --library-reference > "$REFERENCE"
[ -s "$REFERENCE" ] || { echo "update_grammar.sh: '$ANIS --library-reference' printed nothing" >&2; exit 1; }

# Keep everything up to and including BEGIN, then the reference, then END and the rest.
awk -v begin="$BEGIN" -v end="$END" -v ref="$REFERENCE" '
    $0 == begin { print; while ((getline line < ref) > 0) print line; skipping = 1; next }
    $0 == end   { skipping = 0 }
    !skipping   { print }
' "$GRAMMAR" > "$OUTPUT"

if cmp -s "$OUTPUT" "$GRAMMAR"; then
    echo "grammar.md: library reference already up to date"
else
    cat "$OUTPUT" > "$GRAMMAR"
    echo "grammar.md: library reference updated ($(grep -c '^#### ' "$REFERENCE") built-ins)"
fi
