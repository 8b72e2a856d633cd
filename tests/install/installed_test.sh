#!/usr/bin/env bash
# nbhd as installed, away from the build and source trees. One script, several steps (ctest runs each as a
# test of its own; see CMakeLists.txt):
#   setup BUILD PREFIX        cmake --install into PREFIX.staged, then move it to PREFIX (a moved prefix
#                             must still work: nothing may point back at the install location or the trees)
#   cli BUILD PREFIX SOURCE   nbhd --version, nbhd info (the sample's figures), the man page, the desktop entry
#   render BUILD PREFIX       nbhd render from the prefix (skipped, exit 77, without a display)
#   deb BUILD SCRATCH SOURCE  cpack -G DEB: the package's fields and Depends, dpkg -x, nbhd from it
#   cleanup PREFIX
set -euo pipefail
step=$1
fail() { echo "FAIL: $*" >&2; exit 1; }

# The installed program as a user runs it: no developer variables, a fresh home, another working folder.
run_installed() {  # run_installed PREFIX ARGS...
    local prefix=$1
    shift
    (cd "$scratch_home" && env -u NBHD_ASSET_DIR -u NBHD_DATA_DIR -u NBHD_FONT -u NBHD_LOCALE_DIR -u LANGUAGE XDG_DATA_HOME="$scratch_home/data" \
        XDG_CONFIG_HOME="$scratch_home/config" LC_ALL=C.UTF-8 "$prefix/bin/nbhd" "$@")
}

# Checks that `nbhd --version` of the program under ROOT names the libraries and ROOT's own data folder.
check_version() {  # check_version ROOT DATA_DIR [LOCALE_DIR]
    local v
    v=$(run_installed "$1" --version) || fail "nbhd --version failed"
    echo "$v"
    for lib in GDAL GEOS PROJ ICU cairo SQLite; do
        grep -q "^$lib [0-9]" <<<"$v" || fail "--version does not name $lib"
    done
    [ "$(grep '^data ' <<<"$v")" = "data $2" ] || fail "installed nbhd reads its data from elsewhere, not $2"
    local catalogue="$1/share/locale/zh_CN/LC_MESSAGES/nbhd.mo"
    [ "$(grep '^translations ' <<<"$v")" = "translations $catalogue" ] ||
        fail "installed nbhd reads its translations from elsewhere, not $catalogue"
    # Chinese from the installed catalogue, chosen by --lang and by LANGUAGE.
    run_installed "$1" --lang zh info | grep -q '社区概况' || fail "nbhd --lang zh info is not Chinese"
    local zh_help en_help
    zh_help=$(cd "$scratch_home" && env -u NBHD_LOCALE_DIR LANGUAGE=zh_CN XDG_DATA_HOME="$scratch_home/data" \
        LC_ALL=C.UTF-8 "$1/bin/nbhd" info --help)
    en_help=$(run_installed "$1" --lang en info --help)
    [ -n "$zh_help" ] && [ "$zh_help" != "$en_help" ] || fail "LANGUAGE=zh_CN nbhd info --help is not Chinese"
}

# Checks that nbhd info on the installed sample prints the figures of the sample in the source tree.
check_info() {  # check_info ROOT BUILD SOURCE_ASSET
    local installed expected
    installed=$(run_installed "$1" info --json) || fail "installed nbhd info failed"
    # The build tree's program on a copy of the source tree's sample (a command may add to the file it reads).
    cp "$3" "$scratch_home/expected.gpkg"
    expected=$(cd "$scratch_home" &&
        XDG_DATA_HOME="$scratch_home/data.build" "$2/app/nbhd" --data "$scratch_home/expected.gpkg" info --json)
    grep -q "\"data_set\": \"$scratch_home/data/nbhd/chonghua.gpkg\"" <<<"$installed" ||
        fail "nbhd info did not use the working copy of the installed sample"
    diff <(grep -v '"data_set"' <<<"$expected") <(grep -v '"data_set"' <<<"$installed") ||
        fail "the installed sample's figures differ from the source tree's"
}

case "$step" in
setup)
    build=$2 prefix=$3
    rm -rf "$prefix" "$prefix.staged"
    cmake --install "$build" --prefix "$prefix.staged" --strip >/dev/null
    mv "$prefix.staged" "$prefix"
    ;;
cli)
    build=$2 prefix=$3 source=$4
    scratch_home=$(mktemp -d)
    trap 'rm -rf "$scratch_home"' EXIT
    for f in bin/nbhd share/nbhd/chonghua.gpkg share/man/man1/nbhd.1 share/applications/nbhd.desktop \
        share/icons/hicolor/scalable/apps/nbhd.svg share/locale/zh_CN/LC_MESSAGES/nbhd.mo; do
        [ -f "$prefix/$f" ] || fail "$f is not installed"
    done
    check_version "$prefix" "$prefix/share/nbhd"
    check_info "$prefix" "$build" "$source/assets/chonghua.gpkg"
    # Every top-level command has its section in the man page.
    subs=$(run_installed "$prefix" --help | awk '/^Subcommands:/ {on = 1; next} on && /^  [a-z]/ {print $1} /^$/ {on = 0}')
    [ "$(wc -l <<<"$subs")" -ge 10 ] || fail "nbhd --help lists too few commands: $subs"
    for s in $subs; do
        grep -q "^\.SS \"nbhd $s\"" "$prefix/share/man/man1/nbhd.1" || fail "the man page lacks nbhd $s"
    done
    grep -q '^\.TH NBHD 1' "$prefix/share/man/man1/nbhd.1" || fail "nbhd.1 is not a man page"
    desktop=$prefix/share/applications/nbhd.desktop
    for line in 'Exec=nbhd view' 'Icon=nbhd' 'Name=' 'Name\[zh_CN\]=' 'Comment=' 'Comment\[zh_CN\]='; do
        grep -q "^$line" "$desktop" || fail "nbhd.desktop lacks $line"
    done
    if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$desktop"; fi
    echo "installed nbhd in $prefix: version, info, man page and desktop entry as expected"
    ;;
render)
    build=$2 prefix=$3
    if [ -z "${DISPLAY:-}" ]; then
        echo "SKIPPED: nbhd render needs a display (run the tests under xvfb-run)"
        exit 77
    fi
    scratch_home=$(mktemp -d)
    trap 'rm -rf "$scratch_home"' EXIT
    err=$(run_installed "$prefix" render --out "$scratch_home/map.png" --size 640x480 2>&1 >/dev/null) ||
        fail "installed nbhd render failed: $err"
    if grep -q "no Chinese font" <<<"$err"; then fail "nbhd render found no Chinese font: $err"; fi
    [ "$(head -c 8 "$scratch_home/map.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
        fail "render did not write a PNG"
    size=$(stat -c %s "$scratch_home/map.png")
    [ "$size" -gt 20000 ] || fail "the rendered map is suspiciously small ($size bytes)"
    echo "installed nbhd render wrote a $size-byte PNG"
    ;;
deb)
    build=$2 scratch=$3 source=$4
    rm -rf "$scratch"
    mkdir -p "$scratch"
    (cd "$build" && cpack -G DEB -B "$scratch" >"$scratch/cpack.log") || { cat "$scratch/cpack.log"; fail "cpack failed"; }
    debs=("$scratch"/nbhd_*.deb)
    [ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "cpack made no single nbhd_*.deb: ${debs[*]}"
    deb=${debs[0]}
    [[ "$(basename "$deb")" =~ ^nbhd_[0-9.]+_$(dpkg --print-architecture)\.deb$ ]] || fail "odd name $deb"
    dpkg-deb -f "$deb"
    depends=$(dpkg-deb -f "$deb" Depends)
    for p in libgdal32 libgeos-c1v5 libproj25 libicu72 libcairo2 libglfw3 libsqlite3-0 libpq5 libnettle8 \
        libboost-locale1.74.0 fonts-wqy-microhei; do
        grep -Eq "(^|[ ,|])$p( |,|$)" <<<"$depends" || fail "Depends lacks $p: $depends"
    done
    if grep -q -- '-dev\b' <<<"$depends"; then fail "Depends names a -dev package: $depends"; fi
    for field in Maintainer Section Description; do
        [ -n "$(dpkg-deb -f "$deb" "$field")" ] || fail "the package has no $field"
    done
    contents=$(dpkg-deb -c "$deb")
    for f in usr/bin/nbhd usr/share/nbhd/chonghua.gpkg usr/share/man/man1/nbhd.1 \
        usr/share/applications/nbhd.desktop usr/share/icons/hicolor/scalable/apps/nbhd.svg \
        usr/share/locale/zh_CN/LC_MESSAGES/nbhd.mo; do
        grep -q " \./$f$" <<<"$contents" || fail "the package lacks $f"
    done
    dpkg -x "$deb" "$scratch/root"
    scratch_home=$(mktemp -d)
    trap 'rm -rf "$scratch_home"' EXIT
    check_version "$scratch/root/usr" "$scratch/root/usr/share/nbhd"
    check_info "$scratch/root/usr" "$build" "$source/assets/chonghua.gpkg"
    rm -rf "$scratch"
    echo "$(basename "$deb"): fields, Depends and contents as expected; nbhd runs from it"
    ;;
cleanup)
    rm -rf "$2"
    ;;
*)
    fail "unknown step $step"
    ;;
esac
