# Sourced by scripts/package.sh and scripts/bench.sh: the compiler and linker flags of the shipped
# binaries, so the benchmark measures what the package holds (and both share compiled objects).
# Debian's hardening flags (stack protector, fortify, relro and bindnow), without -g -O2: Release sets
# the optimisation and the package ships stripped binaries. From the source root, so that the file
# prefix map (-ffile-prefix-map=ROOT=.) and so the objects are the same wherever the script is called.
if command -v dpkg-buildflags >/dev/null; then
    export DEB_BUILD_MAINT_OPTIONS=hardening=+all
    export DEB_CXXFLAGS_MAINT_STRIP="-g -O2" DEB_CFLAGS_MAINT_STRIP="-g -O2"
    CXXFLAGS="$(cd "$root" && dpkg-buildflags --get CXXFLAGS) $(cd "$root" && dpkg-buildflags --get CPPFLAGS)"
    LDFLAGS=$(cd "$root" && dpkg-buildflags --get LDFLAGS)
    export CXXFLAGS LDFLAGS
fi
