#!/usr/bin/env bash
# Carries what one build stage changed into the image's last stage, and nothing else. The stage
# that runs pip holds the build's CA bundle in a layer (the classic builder has no build-time
# secrets); the image gets only the files pip changed, so the bundle stays out of every layer of it.
#   changed-files.sh snapshot STATE ROOT...  before the change, as root: lists every entry under
#                                           the ROOTs (symbolic links resolved) into the folder STATE
#   changed-files.sh export STATE OUT        after it, as root: OUT/tree holds every new or changed
#                                           entry and each folder above it, with owner, mode and
#                                           times; OUT/removed lists what went, one path a line
#   changed-files.sh remove LIST             in the last stage, as root, after
#                                           COPY --from=<stage> OUT/tree/ / : removes what LIST
#                                           names, then LIST
# A folder above a change goes into the tree with its own owner and mode: COPY applies the
# tree's folders to the image's, so none may carry a made-up owner.
set -euo pipefail

# every entry under the roots, one "path<TAB>type mode uid gid size mtime link" line each, sorted
listing() {
  find "$@" -xdev -printf '%p\t%y %m %U %G %s %T@ %l\n' | LC_ALL=C sort -u
}

paths() {
  cut -f1 "$1" | LC_ALL=C sort -u
}

case "${1:-}" in
  snapshot)
    state="$2"
    shift 2
    mkdir -p "$state"
    for root in "$@"; do
      [[ -e "$root" ]] || { echo "changed-files: no $root to watch" >&2; exit 1; }
      readlink -f "$root"
    done > "$state/roots"
    mapfile -t roots < "$state/roots"
    listing "${roots[@]}" > "$state/before"
    # an entry counts as changed when its size or modification time does: engines that keep layer
    # times to the second would hide a same-size change made within the second of this listing
    sleep 1
    echo "changed-files: watching $(wc -l < "$state/before") entries under $(paste -sd ' ' "$state/roots")"
    ;;
  export)
    state="$2" out="$3"
    mapfile -t roots < "$state/roots"
    listing "${roots[@]}" > "$state/after"
    LC_ALL=C comm -13 "$state/before" "$state/after" | cut -f1 > "$state/changed"
    LC_ALL=C comm -23 <(paths "$state/before") <(paths "$state/after") > "$out.removed"
    # each changed entry and every folder above it, relative to / for tar
    awk '{ path = $0; print path; while (sub(/\/[^\/]*$/, "", path) && path != "") print path }' "$state/changed" \
      | LC_ALL=C sort -u | sed 's|^/||' > "$state/entries"
    mkdir -p "$out/tree"
    chmod 0755 "$out/tree"
    tar -C / --no-recursion -cf - -T "$state/entries" | tar -C "$out/tree" -xpf -
    mv "$out.removed" "$out/removed"
    echo "changed-files: $(wc -l < "$state/changed") new or changed, $(wc -l < "$out/removed") removed," \
      "$(du -sh "$out/tree" | cut -f1) to copy"
    ;;
  remove)
    list="$2"
    xargs -r -d '\n' rm -rf -- < "$list"
    rm -f "$list"
    ;;
  *)
    echo "usage: changed-files.sh snapshot STATE ROOT... | export STATE OUT | remove LIST" >&2
    exit 2
    ;;
esac
